/// A command line the grammar accepted: which command, whether it was `undo`ne, and the words
/// stored under their node keys.
public struct ParsedCommand: Sendable, Equatable {
    public var command: String
    public var undo: Bool
    public var values: [String: String]

    public init(command: String, undo: Bool = false, values: [String: String] = [:]) {
        self.command = command
        self.undo = undo
        self.values = values
    }

    public subscript(key: String) -> String? { values[key] }

    public func has(_ key: String) -> Bool { values[key] != nil }
}
