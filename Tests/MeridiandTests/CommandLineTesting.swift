@testable import meridiand

/// meridiand's own command line, split on spaces.
func request(_ line: String) -> CommandLineSpec.Request {
    Meridiand.commandLine.parse(line.split(separator: " ").map(String.init))
}

/// A command as meridiand would run it: scanned, converted and validated.
func command<Command: MeridiandCommand>(_ type: Command.Type, _ arguments: String...) throws(UsageError) -> Command {
    let command = try Command(parsing: ArgumentScanner.scan(arguments, for: Command.spec))
    try command.validate()
    return command
}
