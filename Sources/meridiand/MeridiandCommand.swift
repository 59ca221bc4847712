/// One command of meridiand: declared by its spec, built from the parsed arguments,
/// checked, then run.
protocol MeridiandCommand: Sendable {
    static var spec: CommandSpec { get }
    init(parsing arguments: ParsedArguments) throws(UsageError)
    /// Checks that involve several options or the host; a failure is a usage error.
    func validate() throws(UsageError)
    /// Throws `ExitCode` to exit with a given status; any other error is printed and exits 1.
    func run() throws
}

extension MeridiandCommand {
    func validate() throws(UsageError) {}
}
