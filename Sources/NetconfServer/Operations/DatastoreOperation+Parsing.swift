import Datastore
public import NetconfModel
import XMLSupport

extension DatastoreOperation {
    /// The base-namespace operations handled by the datastore, by element name.
    public static let names: Set<String> = [
        "get", "get-config", "edit-config", "copy-config", "delete-config", "lock", "unlock",
        "validate", "commit", "discard-changes", "cancel-commit",
    ]

    /// Which confirmed-commit capability a session uses: both are advertised; a `:base:1.0`
    /// session (yangcli, for one, enables confirmed commit only for 1.0) gets RFC 4741's
    /// 1.0, without `<persist>`, `<persist-id>` and `<cancel-commit>`.
    public enum ConfirmedCommitVersion: Sendable {
        case v10, v11
    }

    /// Parses `request`'s operation, or throws the rpc-error its parameters deserve.
    public static func parse(_ request: RPCRequest, confirmedCommit: ConfirmedCommitVersion = .v11) throws(RPCError) -> DatastoreOperation {
        let op = request.operation
        switch op.name {
        case "get":
            let p = try OperationParameters(op, allowed: ["filter"], foreign: withDefaultsParameter)
            return .get(filter: try filter(p, scope: request), withDefaults: try p.withDefaults())
        case "get-config":
            let p = try OperationParameters(op, allowed: ["source", "filter"], foreign: withDefaultsParameter)
            return .getConfig(source: try p.datastore("source"), filter: try filter(p, scope: request), withDefaults: try p.withDefaults())
        case "edit-config":
            let p = try OperationParameters(op, allowed: ["target", "default-operation", "test-option", "error-option", "config", "url"])
            if p.flag("url") { throw RPCError.operationNotSupported(operation: "edit-config with <url>", message: "the :url capability is not supported") }
            var options = EditOptions()
            options.defaultOperation = try p.enumValue("default-operation", as: EditOptions.DefaultOperation.self) ?? .merge
            options.testOption = try p.enumValue("test-option", as: EditOptions.TestOption.self) ?? .testThenSet
            options.errorOption = try p.enumValue("error-option", as: EditOptions.ErrorOption.self) ?? .stopOnError
            return .editConfig(target: try p.datastore("target", allowing: [.candidate, .running]), options: options, config: try p.required("config"))
        case "copy-config":
            let p = try OperationParameters(op, allowed: ["target", "source"])
            return .copyConfig(target: try p.datastore("target"), source: try source(p))
        case "delete-config":
            let p = try OperationParameters(op, allowed: ["target"])
            return .deleteConfig(target: try p.datastore("target", allowing: [.startup]))
        case "lock":
            return .lock(try OperationParameters(op, allowed: ["target"]).datastore("target"))
        case "unlock":
            return .unlock(try OperationParameters(op, allowed: ["target"]).datastore("target"))
        case "validate":
            return .validate(try source(try OperationParameters(op, allowed: ["source"])))
        case "commit" where confirmedCommit == .v10:
            if let extra = op.childElements.first(where: { ["persist", "persist-id"].contains($0.name) && $0.namespace == NetconfNamespace.base }) {
                throw RPCError.unknownElement(
                    name: extra.name, type: .protocol,
                    message: "<\(extra.name)> is :confirmed-commit:1.1, which needs a :base:1.1 session; this session uses :base:1.0")
            }
            return try commit(try OperationParameters(op, allowed: ["confirmed", "confirm-timeout"]))
        case "commit":
            return try commit(try OperationParameters(op, allowed: ["confirmed", "confirm-timeout", "persist", "persist-id"]))
        case "cancel-commit" where confirmedCommit == .v10:
            throw RPCError.operationNotSupported(
                operation: "cancel-commit",
                message: "<cancel-commit> is :confirmed-commit:1.1, which needs a :base:1.1 session; this session uses :base:1.0 "
                    + "(end the session, or let the confirm timeout expire, to roll back)")
        case "discard-changes":
            _ = try OperationParameters(op, allowed: [])
            return .discardChanges
        case "cancel-commit":
            return .cancelCommit(persistID: try OperationParameters(op, allowed: ["persist-id"]).text("persist-id"))
        default:
            throw RPCError.operationNotSupported(operation: op.name)
        }
    }

    private static let withDefaultsParameter: Set<String> = ["\(OperationParameters.withDefaultsNamespace):with-defaults"]

    private static func source(_ p: OperationParameters) throws(RPCError) -> ConfigSource {
        let holder = try p.required("source")
        if let config = holder.firstChild(named: "config", namespace: NetconfNamespace.base), holder.childElements.count == 1 {
            return .inline(config)
        }
        return .datastore(try OperationParameters.datastore(in: holder, allowing: Set(DatastoreName.allCases)))
    }

    private static func commit(_ p: OperationParameters) throws(RPCError) -> DatastoreOperation {
        let confirmed = p.flag("confirmed")
        var timeout = Duration.seconds(600)
        if let raw = p.text("confirm-timeout") {
            guard confirmed else {
                throw RPCError.badElement(name: "confirm-timeout", type: .protocol, message: "<confirm-timeout> needs <confirmed/>")
            }
            guard let seconds = UInt32(raw), seconds > 0 else {
                throw RPCError.badElement(name: "confirm-timeout", type: .protocol, message: "'\(raw)' is not a timeout in seconds (1..4294967295)")
            }
            timeout = .seconds(Int64(seconds))
        }
        let persist = p.text("persist")
        if persist != nil, !confirmed {
            throw RPCError.badElement(name: "persist", type: .protocol, message: "<persist> needs <confirmed/>")
        }
        return .commit(confirmed: confirmed, timeout: timeout, persist: persist, persistID: p.text("persist-id"))
    }

    private static func filter(_ p: OperationParameters, scope request: RPCRequest) throws(RPCError) -> RetrievalFilter? {
        guard let element = p.element("filter") else { return nil }
        return try filter(element, scope: request)
    }

    /// A `<filter>` element (of get, get-config, or create-subscription) with the namespace
    /// prefixes in scope where the request declared them.
    static func filter(_ element: XMLElement, scope request: RPCRequest) throws(RPCError) -> RetrievalFilter {
        let type = element.attribute(named: "type") ?? "subtree"
        switch type {
        case "subtree":
            return .subtree(SubtreeFilter(element.childElements))
        case "xpath":
            guard let select = element.attribute(named: "select"), !select.isEmpty else {
                throw RPCError.missingAttribute(attribute: "select", element: "filter")
            }
            var namespaces: [String: String] = [:]
            for declaration in request.namespaceDeclarations + request.operation.namespaceDeclarations + element.namespaceDeclarations {
                if let prefix = declaration.prefix { namespaces[prefix] = declaration.uri }
            }
            return .xpath(select, namespaces: namespaces)
        default:
            throw RPCError.badAttribute(attribute: "type", element: "filter", message: "filter type '\(type)' is not supported (subtree, xpath)")
        }
    }
}
