/// Command-line input a command cannot accept: meridiand prints the message and the
/// command's usage, and exits 64 (EX_USAGE).
struct UsageError: Error, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
