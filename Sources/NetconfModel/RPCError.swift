public import XMLSupport

/// One `<rpc-error>` (RFC 6241 §4.3), with the tag vocabulary of Appendix A.
///
/// Build values with the static factories in `RPCError+Factories.swift`; they fill
/// `error-info` the way Appendix A prescribes for each tag.
public struct RPCError: Error, Sendable, Equatable {
    /// The conceptual layer where the error occurred.
    public enum ErrorType: String, Sendable, Equatable, CaseIterable {
        case transport, rpc, `protocol`, application
    }

    /// `error-tag` values of RFC 6241 Appendix A.
    public enum Tag: String, Sendable, Equatable, CaseIterable {
        case inUse = "in-use"
        case invalidValue = "invalid-value"
        case tooBig = "too-big"
        case missingAttribute = "missing-attribute"
        case badAttribute = "bad-attribute"
        case unknownAttribute = "unknown-attribute"
        case missingElement = "missing-element"
        case badElement = "bad-element"
        case unknownElement = "unknown-element"
        case unknownNamespace = "unknown-namespace"
        case accessDenied = "access-denied"
        case lockDenied = "lock-denied"
        case resourceDenied = "resource-denied"
        case rollbackFailed = "rollback-failed"
        case dataExists = "data-exists"
        case dataMissing = "data-missing"
        case operationNotSupported = "operation-not-supported"
        case operationFailed = "operation-failed"
        case partialOperation = "partial-operation"
        case malformedMessage = "malformed-message"
    }

    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var type: ErrorType
    public var tag: Tag
    public var severity: Severity
    /// `error-app-tag`: a data-model- or implementation-specific condition.
    public var appTag: String?
    /// `error-path`: an XPath to the offending node, with prefixes from ``pathNamespaces``.
    public var path: String?
    /// Prefix declarations written on `<error-path>` so the prefixes in ``path`` resolve.
    public var pathNamespaces: [XMLNamespaceDeclaration]
    /// `error-message`, written with `xml:lang="en"`.
    public var message: String?
    /// The children of `<error-info>`.
    public var info: [XMLElement]

    public init(
        type: ErrorType,
        tag: Tag,
        severity: Severity = .error,
        appTag: String? = nil,
        path: String? = nil,
        pathNamespaces: [XMLNamespaceDeclaration] = [],
        message: String? = nil,
        info: [XMLElement] = []
    ) {
        self.type = type
        self.tag = tag
        self.severity = severity
        self.appTag = appTag
        self.path = path
        self.pathNamespaces = pathNamespaces
        self.message = message
        self.info = info
    }
}
