import NetconfModel

/// The error for an operation element no handler is registered for, saying what to fix.
///
/// An operation whose name is known in another namespace is refused with
/// `unknown-namespace` naming the namespace(s) it is defined in: most often a base
/// operation sent without the base namespace (`<nc:rpc><commit/></nc:rpc>`, which ncclient
/// sends for Ansible's `netconf_rpc: rpc: commit` without `xmlns`). Meridian does not guess
/// a namespace (RFC 6241 qualifies every operation; guessing would also have to guess for
/// its parameters). Anything else is `operation-not-supported`.
enum UnknownOperation {
    /// `<close-session>`: answered by a handler like any operation (``NetconfServer/addSessionClosingHandler(_:)``).
    static let closeSession = OperationKey(namespace: NetconfNamespace.base, name: "close-session")

    static func error(namespace: String?, name: String, known: some Sequence<OperationKey>) -> RPCError {
        let homes = Set(known.filter { $0.name == name }.map(\.namespace)).sorted()
        guard !homes.isEmpty else {
            let qualified = namespace.map { $0.isEmpty ? "" : " in namespace \"\($0)\"" } ?? ""
            return .operationNotSupported(operation: name, message: "the operation <\(name)>\(qualified) is not supported")
        }
        let expected = homes.map { "\"\($0)\"" }.joined(separator: " or ")
        let given = (namespace ?? "").isEmpty ? "has no namespace" : "is in namespace \"\(namespace!)\""
        var message = "the operation <\(name)> \(given); it is defined in namespace \(expected): write <\(name) xmlns=\"\(homes[0])\">"
        if homes.contains(NetconfNamespace.base) {
            message += " (Ansible netconf_rpc: set xmlns to \(NetconfNamespace.base))"
        }
        return .unknownNamespace(element: name, namespace: namespace ?? "", message: message)
    }
}
