public import XMLSupport

/// One factory per RFC 6241 Appendix A tag, filling `error-info` as the appendix prescribes.
extension RPCError {
    public static func inUse(type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .inUse, message: message ?? "the resource is already in use")
    }

    public static func invalidValue(_ message: String? = nil, type: ErrorType = .application, path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = [], appTag: String? = nil) -> RPCError {
        RPCError(type: type, tag: .invalidValue, appTag: appTag, path: path, pathNamespaces: pathNamespaces, message: message)
    }

    public static func tooBig(type: ErrorType = .rpc, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .tooBig, message: message ?? "the request is too large for the implementation to handle")
    }

    public static func missingAttribute(attribute: String, element: String, type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .missingAttribute,
                 message: message ?? "missing attribute \"\(attribute)\" on <\(element)>",
                 info: [.info("bad-attribute", attribute), .info("bad-element", element)])
    }

    public static func badAttribute(attribute: String, element: String, type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .badAttribute,
                 message: message ?? "bad value of attribute \"\(attribute)\" on <\(element)>",
                 info: [.info("bad-attribute", attribute), .info("bad-element", element)])
    }

    public static func unknownAttribute(attribute: String, element: String, type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .unknownAttribute,
                 message: message ?? "unexpected attribute \"\(attribute)\" on <\(element)>",
                 info: [.info("bad-attribute", attribute), .info("bad-element", element)])
    }

    public static func missingElement(name: String, type: ErrorType = .protocol, message: String? = nil, path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = []) -> RPCError {
        RPCError(type: type, tag: .missingElement, path: path, pathNamespaces: pathNamespaces,
                 message: message ?? "missing element <\(name)>", info: [.info("bad-element", name)])
    }

    public static func badElement(name: String, type: ErrorType = .protocol, message: String? = nil, path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = []) -> RPCError {
        RPCError(type: type, tag: .badElement, path: path, pathNamespaces: pathNamespaces,
                 message: message ?? "bad value in element <\(name)>", info: [.info("bad-element", name)])
    }

    public static func unknownElement(name: String, type: ErrorType = .protocol, message: String? = nil, path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = []) -> RPCError {
        RPCError(type: type, tag: .unknownElement, path: path, pathNamespaces: pathNamespaces,
                 message: message ?? "unexpected element <\(name)>", info: [.info("bad-element", name)])
    }

    public static func unknownNamespace(element: String, namespace: String, type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .unknownNamespace,
                 message: message ?? "unexpected namespace \"\(namespace)\" on <\(element)>",
                 info: [.info("bad-element", element), .info("bad-namespace", namespace)])
    }

    public static func accessDenied(type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .accessDenied, message: message ?? "access denied")
    }

    /// `lock-denied`: the lock is held by `holder`; 0 means a non-NETCONF entity holds it.
    public static func lockDenied(heldBy holder: SessionID?, message: String? = nil) -> RPCError {
        RPCError(type: .protocol, tag: .lockDenied,
                 message: message ?? "the lock is already held",
                 info: [.info("session-id", String(holder?.rawValue ?? 0))])
    }

    public static func resourceDenied(type: ErrorType = .application, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .resourceDenied, message: message ?? "insufficient resources to complete the request")
    }

    public static func rollbackFailed(type: ErrorType = .application, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .rollbackFailed, message: message ?? "the rollback failed")
    }

    public static func dataExists(path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = [], message: String? = nil) -> RPCError {
        RPCError(type: .application, tag: .dataExists, path: path, pathNamespaces: pathNamespaces,
                 message: message ?? "the data already exists")
    }

    public static func dataMissing(path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = [], message: String? = nil) -> RPCError {
        RPCError(type: .application, tag: .dataMissing, path: path, pathNamespaces: pathNamespaces,
                 message: message ?? "the data does not exist")
    }

    public static func operationNotSupported(operation: String, type: ErrorType = .protocol, message: String? = nil) -> RPCError {
        RPCError(type: type, tag: .operationNotSupported,
                 message: message ?? "the operation <\(operation)> is not supported")
    }

    public static func operationFailed(_ message: String? = nil, type: ErrorType = .application, path: String? = nil, pathNamespaces: [XMLNamespaceDeclaration] = [], appTag: String? = nil) -> RPCError {
        RPCError(type: type, tag: .operationFailed, appTag: appTag, path: path, pathNamespaces: pathNamespaces, message: message)
    }

    /// `partial-operation` (obsolete in RFC 6241, kept for completeness).
    public static func partialOperation(ok: [String], failed: [String], skipped: [String], message: String? = nil) -> RPCError {
        RPCError(type: .application, tag: .partialOperation, message: message,
                 info: ok.map { .info("ok-element", $0) } + failed.map { .info("err-element", $0) }
                    + skipped.map { .info("noop-element", $0) })
    }

    /// `malformed-message`: only for base:1.1 sessions, always with error-type `rpc`.
    public static func malformedMessage(_ message: String? = nil) -> RPCError {
        RPCError(type: .rpc, tag: .malformedMessage, message: message)
    }
}

extension XMLElement {
    /// An `error-info` child in the base namespace holding `value` as text.
    fileprivate static func info(_ name: String, _ value: String) -> XMLElement {
        XMLElement(name: name, namespace: NetconfNamespace.base, children: [.text(value)])
    }
}
