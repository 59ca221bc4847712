/// One failure reported by libyang or by this wrapper, in terms a NETCONF layer can map to an
/// `rpc-error`: a category (`code`), an operator-readable `message`, the data `path` of the
/// offending node (an instance-identifier with module-name prefixes, as libyang prints it),
/// the YANG `error-app-tag` when one applies, and libyang's own codes for diagnostics.
public struct YangError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; ordered so tests and logs can sort errors stably.
    public enum Code: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
        /// A value violates its type (range, length, pattern, enumeration, syntax of an address...).
        case invalidValue = 1
        /// A mandatory node, a mandatory choice or a list key is missing.
        case missingElement
        /// A leafref or instance-identifier points to no existing instance (`require-instance`).
        case missingInstance
        /// A `must` expression is false.
        case mustViolation
        /// A node exists although its `when` condition is false.
        case whenViolation
        /// `max-elements` exceeded.
        case tooManyElements
        /// `min-elements` not reached.
        case tooFewElements
        /// A `unique` statement is violated.
        case notUnique
        /// The same list entry or leaf-list value, or one leaf, appears twice.
        case duplicateInstance
        /// An element no schema node of its namespace defines, or data of a disabled feature.
        case unknownElement
        /// An element in a namespace that no implemented module defines.
        case unknownNamespace
        /// An attribute of a known module's namespace that the module does not define as
        /// an annotation (`nc:opration`). Attributes in unknown namespaces are ignored.
        case unknownAttribute
        /// State (`config false`) data where only configuration is allowed.
        case unexpectedStateData
        /// The input is not well-formed XML.
        case malformedInput
        /// A module (or feature, or revision) could not be loaded.
        case moduleNotFound
        /// A path or XPath expression is invalid.
        case invalidPath
        /// The node to create already exists.
        case nodeExists
        /// The node addressed does not exist.
        case nodeNotFound
        /// Anything else libyang reports (memory, internal errors).
        case other

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .invalidValue: "invalid-value"
            case .missingElement: "missing-element"
            case .missingInstance: "missing-instance"
            case .mustViolation: "must-violation"
            case .whenViolation: "when-violation"
            case .tooManyElements: "too-many-elements"
            case .tooFewElements: "too-few-elements"
            case .notUnique: "not-unique"
            case .duplicateInstance: "duplicate-instance"
            case .unknownElement: "unknown-element"
            case .unknownNamespace: "unknown-namespace"
            case .unknownAttribute: "unknown-attribute"
            case .unexpectedStateData: "unexpected-state-data"
            case .malformedInput: "malformed-input"
            case .moduleNotFound: "module-not-found"
            case .invalidPath: "invalid-path"
            case .nodeExists: "node-exists"
            case .nodeNotFound: "node-not-found"
            case .other: "other"
            }
        }
    }

    public var code: Code
    /// What an operator reads: the node's name, what is wrong with it and the list entries it
    /// is in (`minpoll: value 42 is out of range -6..17 (server lab)`), or, for errors that are
    /// about no data node, libyang's own sentence.
    public var message: String
    /// libyang's own message for this error, unchanged (`Unsatisfied range - value "42" is out
    /// of the allowed range.`), for logs; `nil` when the error was raised by this wrapper.
    public internal(set) var libyangMessage: String?
    /// Data path of the offending node, e.g. `/ietf-system:system/ntp/server[name='a']/udp/port`.
    public var path: String?
    /// Schema path libyang gave, e.g. `/ietf-system:system/ntp/server/transport` for a missing
    /// mandatory choice (libyang 2.1.30 gives only this for missing mandatory nodes).
    public var schemaPath: String?
    /// `error-app-tag`: from the YANG statement, or the RFC 7950 §15 default libyang applies.
    public var appTag: String?
    /// For `unknownElement` / `unknownNamespace`: the local name of the element (`bad-element`);
    /// for `missingElement` and `tooFewElements`: the name of the node missing; for data of two
    /// cases (`duplicateInstance` without a path): the choice's name.
    public var element: String?
    /// libyang's `LY_ERR` value (0 when the error was raised by this wrapper).
    public var libyangCode: Int
    /// libyang's `LY_VECODE` value for validation errors (0 otherwise).
    public var validationCode: Int

    private let file: String
    private let line: Int

    init(
        code: Code,
        message: String,
        path: String? = nil,
        appTag: String? = nil,
        element: String? = nil,
        libyangCode: Int = 0,
        validationCode: Int = 0,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.appTag = appTag
        self.element = element
        self.libyangCode = libyangCode
        self.validationCode = validationCode
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let path { text += " (path \(path))" }
        if let appTag { text += " [app-tag \(appTag)]" }
        return text
    }

    /// Where in this package the error was raised or converted, for logs.
    public var diagnosticLocation: String { "\(file):\(line)" }

    public static func == (lhs: YangError, rhs: YangError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.path == rhs.path
            && lhs.appTag == rhs.appTag && lhs.element == rhs.element
            && lhs.libyangCode == rhs.libyangCode && lhs.validationCode == rhs.validationCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(path)
        hasher.combine(appTag)
    }
}
