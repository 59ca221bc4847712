/// One step of a data node's location: its module, name and (for list entries) key values.
public struct NodeStep: Sendable, Hashable {
    public var module: String
    public var name: String
    public var keys: [String: String]

    public init(module: String, name: String, keys: [String: String] = [:]) {
        self.module = module
        self.name = name
        self.keys = keys
    }
}
