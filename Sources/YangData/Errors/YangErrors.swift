/// Every error one operation found, in the order found. Thrown by parsing and validation so a
/// NETCONF reply can carry one `rpc-error` per problem.
public struct YangErrors: Error, Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    public private(set) var errors: [YangError]

    public init(_ errors: [YangError]) {
        self.errors = errors
    }

    public init(_ error: YangError) {
        self.errors = [error]
    }

    public var startIndex: Int { errors.startIndex }
    public var endIndex: Int { errors.endIndex }
    public subscript(position: Int) -> YangError { errors[position] }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
