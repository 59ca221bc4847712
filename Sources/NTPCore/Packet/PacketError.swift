/// Why a datagram is not an NTP packet this codec accepts.
public struct PacketError: Error, Hashable, Sendable {
    public enum Code: Int, Hashable, Sendable, Comparable {
        /// Shorter than the 48-byte header.
        case truncated
        /// Longer than ``NTPPacket/maximumLength``.
        case oversized
        /// Version 0 or 5 to 7.
        case unsupportedVersion
        /// Modes 6 and 7 have their own layouts and are not NTP time packets.
        case unsupportedMode
        /// An extension field that breaks RFC 7822's rules.
        case malformedExtensionField
        /// Trailing bytes that are neither extension fields nor a MAC.
        case malformedAuthenticator

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let code: Code
    private let detail: String
    private let location: String

    private init(code: Code, detail: String, fileID: String, line: Int) {
        self.code = code
        self.detail = detail
        self.location = "\(fileID):\(line)"
    }

    public static func == (lhs: PacketError, rhs: PacketError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func truncated(length: Int, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .truncated, detail: "\(length) bytes", fileID: fileID, line: line)
    }

    static func oversized(length: Int, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .oversized, detail: "\(length) bytes", fileID: fileID, line: line)
    }

    static func unsupportedVersion(_ version: UInt8, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .unsupportedVersion, detail: "version \(version)", fileID: fileID, line: line)
    }

    static func unsupportedMode(_ mode: NTPMode, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .unsupportedMode, detail: "mode \(mode.rawValue)", fileID: fileID, line: line)
    }

    static func malformedExtensionField(at offset: Int, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .malformedExtensionField, detail: "at byte \(offset)", fileID: fileID, line: line)
    }

    static func malformedAuthenticator(remaining: Int, fileID: String = #fileID, line: Int = #line) -> PacketError {
        PacketError(code: .malformedAuthenticator, detail: "\(remaining) trailing bytes", fileID: fileID, line: line)
    }
}

extension PacketError: CustomStringConvertible {
    public var description: String { "PacketError.\(code): \(detail) (\(location))" }
}
