/// Why a document was refused by ``XMLDocumentParser``.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// Not well-formed XML, or not namespace-well-formed.
        case malformed
        /// Elements nested deeper than ``XMLParseLimits/maxDepth``.
        case tooDeep
        /// More bytes than ``XMLParseLimits/maxBytes``.
        case tooLarge
        /// A DOCTYPE, entity declaration or entity reference: never part of a NETCONF message.
        case forbiddenConstruct
        /// A start tag with more attributes than ``XMLParseLimits/maxAttributesPerElement``.
        case tooManyAttributes
        /// A start tag with more `xmlns` declarations than
        /// ``XMLParseLimits/maxNamespaceDeclarationsPerElement``.
        case tooManyNamespaceDeclarations
        /// Not UTF-8: UTF-16/UTF-32 input or an XML declaration naming another encoding. The
        /// document is refused, never transcoded.
        case unsupportedEncoding
    }

    public var code: Code
    /// A human-readable explanation (libxml2's message where it has one).
    public var message: String
    /// The line where libxml2 detected the problem, when known.
    public var line: Int?

    public init(code: Code, message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { "\(message) (line \(line))" } else { message }
    }

    static func malformed(_ message: String, line: Int? = nil) -> XMLError {
        XMLError(code: .malformed, message: message, line: line)
    }

    static func tooDeep(limit: Int, line: Int? = nil) -> XMLError {
        XMLError(code: .tooDeep, message: "elements nested deeper than \(limit) levels", line: line)
    }

    static func tooLarge(size: Int, limit: Int) -> XMLError {
        XMLError(code: .tooLarge, message: "document of \(size) bytes exceeds the limit of \(limit) bytes")
    }

    static func tooManyAttributes(element: String, limit: Int, line: Int? = nil) -> XMLError {
        XMLError(code: .tooManyAttributes, message: "the element <\(element)> has more than \(limit) attributes", line: line)
    }

    static func tooManyNamespaceDeclarations(element: String, limit: Int, line: Int? = nil) -> XMLError {
        XMLError(code: .tooManyNamespaceDeclarations,
                 message: "the element <\(element)> has more than \(limit) namespace declarations", line: line)
    }

    static func unsupportedEncoding(_ message: String) -> XMLError {
        XMLError(code: .unsupportedEncoding, message: message)
    }

    static func forbiddenConstruct(_ message: String, line: Int? = nil) -> XMLError {
        XMLError(code: .forbiddenConstruct, message: message, line: line)
    }
}
