import Glibc

/// Reads the command line, prints help (stdout, exit 0) or a usage error (stderr, exit 64),
/// else runs the command it names and exits with its status.
@main
enum Meridiand {
    static let commands: [any MeridiandCommand.Type] = [
        RunCommand.self, UserCommand.Add.self, UserCommand.Remove.self, ValidateCommand.self,
    ]

    static let commandLine = CommandLineSpec(
        program: "meridiand",
        abstract: "Meridian: an NTP agent managed through NETCONF over SSH.",
        groups: [UserCommand.group],
        commands: commands.map { $0.spec })

    static func main() {
        switch commandLine.parse(Array(CommandLine.arguments.dropFirst())) {
        case .help(let path):
            print(commandLine.help(of: path), terminator: "")
            exit(0)
        case .usageError(let path, let error):
            exitWithUsage(error, of: path)
        case .run(let arguments):
            exit(run(arguments))
        }
    }

    private static func run(_ arguments: ParsedArguments) -> Int32 {
        let path = arguments.command.path
        guard let type = commands.first(where: { $0.spec.path == path }) else {
            exitWithUsage(UsageError("unknown command '\(path.joined(separator: " "))'"), of: [])
        }
        let command: any MeridiandCommand
        do throws(UsageError) {
            command = try type.init(parsing: arguments)
            try command.validate()
        } catch {
            exitWithUsage(error, of: path)
        }
        do {
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            printError("meridiand: \(error)")
            return ExitCode.failure.rawValue
        }
    }

    private static func exitWithUsage(_ error: UsageError, of path: [String]) -> Never {
        printError("meridiand: error: \(error.message)\n" + commandLine.usageReminder(of: path))
        exit(64)
    }
}
