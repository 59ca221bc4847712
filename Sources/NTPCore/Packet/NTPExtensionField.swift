/// An NTPv4 extension field (RFC 7822): type, length, and a value padded so
/// the whole field is a multiple of four bytes and at least 16 bytes long.
/// NTPCore carries fields through unchanged and interprets none of them.
public struct NTPExtensionField: Hashable, Sendable {
    public var fieldType: UInt16
    /// The value bytes including any padding; `4 + value.count` is the
    /// field's length on the wire.
    public var value: [UInt8]

    /// The smallest legal field length (RFC 7822 §3).
    public static let minimumLength = 16

    /// Builds a field, zero-padding `value` to a legal length.
    public init(fieldType: UInt16, value: [UInt8]) {
        var padded = value
        let minimumValueLength = NTPExtensionField.minimumLength - 4
        if padded.count < minimumValueLength {
            padded += [UInt8](repeating: 0, count: minimumValueLength - padded.count)
        }
        padded += [UInt8](repeating: 0, count: (4 - padded.count % 4) % 4)
        self.fieldType = fieldType
        self.value = padded
    }

    init(fieldType: UInt16, paddedValue: [UInt8]) {
        self.fieldType = fieldType
        self.value = paddedValue
    }

    /// The length on the wire, header included.
    public var length: Int { 4 + value.count }
}
