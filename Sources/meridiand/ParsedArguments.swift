/// The options and positional arguments given to one command, as text; typed on access.
struct ParsedArguments: Equatable, Sendable {
    let command: CommandSpec
    /// Each given option's values in command-line order (a flag: one empty string a use).
    private(set) var given: [String: [String]] = [:]
    var positionals: [String] = []

    init(command: CommandSpec) { self.command = command }

    mutating func record(_ value: String, for option: OptionSpec) { given[option.name, default: []].append(value) }

    func isSet(_ flag: String) -> Bool { given[declared(flag).name] != nil }

    /// The last value given, else the declared default; a required option when it has no default.
    func value<Value: ArgumentValue>(of option: String, as type: Value.Type = Value.self) throws(UsageError) -> Value {
        guard let value = try optionalValue(of: option, as: type) else {
            throw UsageError("missing option --\(option) \(declared(option).valueName)")
        }
        return value
    }

    /// The last value given, else the declared default, else nil.
    func optionalValue<Value: ArgumentValue>(of option: String, as type: Value.Type = Value.self) throws(UsageError) -> Value? {
        let spec = declared(option)
        guard let text = given[spec.name]?.last ?? spec.defaultValue else { return nil }
        return try convert(text, for: spec)
    }

    /// Every value given, else the declared default, else none.
    func values<Value: ArgumentValue>(of option: String, as type: Value.Type = Value.self) throws(UsageError) -> [Value] {
        let spec = declared(option)
        let texts = given[spec.name] ?? spec.defaultValue.map { [$0] } ?? []
        return try texts.map { text throws(UsageError) in try convert(text, for: spec) }
    }

    /// The positional argument of that name (the scanner checked that each one was given).
    func positional(_ name: String) -> String {
        guard let index = command.positionals.firstIndex(where: { $0.name == name }), index < positionals.count else {
            preconditionFailure("\(command.path) declares no positional \(name)")
        }
        return positionals[index]
    }

    private func declared(_ name: String) -> OptionSpec {
        guard let spec = command.option(named: name) else { preconditionFailure("\(command.path) declares no --\(name)") }
        return spec
    }

    private func convert<Value: ArgumentValue>(_ text: String, for option: OptionSpec) throws(UsageError) -> Value {
        guard let value = Value(argument: text) else {
            throw UsageError("invalid value '\(text)' for --\(option.name): expected \(Value.expectation)")
        }
        return value
    }
}

/// A type an option's text converts to.
protocol ArgumentValue {
    init?(argument: String)
    /// What a valid value is, for the error message: "an integer from 0 to 65535".
    static var expectation: String { get }
}

extension String: ArgumentValue {
    init?(argument: String) { self = argument }
    static var expectation: String { "text" }
}

extension ArgumentValue where Self: FixedWidthInteger {
    /// Decimal digits with an optional sign, as `Int("…")` reads them.
    init?(argument: String) { self.init(argument, radix: 10) }
    static var expectation: String { bitWidth >= 64 ? "an integer" : "an integer from \(min) to \(max)" }
}

extension Int: ArgumentValue {}
extension Int8: ArgumentValue {}
extension UInt16: ArgumentValue {}
