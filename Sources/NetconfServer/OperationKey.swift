/// Identifies an operation by the qualified name of the element inside `<rpc>`; the
/// dispatch table is keyed by it, never by comparing strings in a chain of ifs.
public struct OperationKey: Hashable, Sendable, CustomStringConvertible {
    public let namespace: String
    public let name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { "{\(namespace)}\(name)" }
}

import NetconfModel

extension OperationKey {
    /// The key of a request's operation element.
    init(_ request: RPCRequest) {
        self.init(namespace: request.operation.namespace ?? "", name: request.operation.name)
    }
}
