/// Thrown by a command's `run` to exit with that status; any other error exits 1.
struct ExitCode: Error, Equatable {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
    static let failure = ExitCode(1)
}
