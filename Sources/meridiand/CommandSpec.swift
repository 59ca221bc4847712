/// What one command accepts: the words that name it, its options and its positional arguments.
struct CommandSpec: Equatable, Sendable {
    /// The words after the program name: `["user", "add"]`.
    let path: [String]
    let abstract: String
    let options: [OptionSpec]
    let positionals: [PositionalSpec]

    init(path: [String], abstract: String, options: [OptionSpec] = [], positionals: [PositionalSpec] = []) {
        self.path = path
        self.abstract = abstract
        self.options = options
        self.positionals = positionals
    }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// One `--name` option: a flag, or an option taking a value once (the last given wins) or repeatedly.
struct OptionSpec: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case flag, single, repeatable }

    /// Without the leading `--`.
    let name: String
    let kind: Kind
    /// What the value is, as usage shows it (`DIR`, `ADDR:PORT`); empty for a flag.
    let valueName: String
    let help: String
    /// The value used when the option is not given, as it would be typed.
    let defaultValue: String?
    /// Accepted but left out of help and usage.
    let isHidden: Bool

    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, valueName: "", help: help, defaultValue: nil, isHidden: false)
    }

    static func single(_ name: String, _ valueName: String, default defaultValue: String? = nil, help: String, hidden: Bool = false) -> OptionSpec {
        OptionSpec(name: name, kind: .single, valueName: valueName, help: help, defaultValue: defaultValue, isHidden: hidden)
    }

    static func repeatable(_ name: String, _ valueName: String, default defaultValue: String? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeatable, valueName: valueName, help: help, defaultValue: defaultValue, isHidden: false)
    }
}

/// One required positional argument, such as a user name or a file.
struct PositionalSpec: Equatable, Sendable {
    let name: String
    let help: String
}
