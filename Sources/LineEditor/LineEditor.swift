internal import CLibEdit
import Glibc

/// Interactive line input on libedit (its readline interface): editing, history, tab
/// completion and VRP's `?` (help for the words typed so far, printed at once, then the line
/// is shown again for more typing). One per process: libedit's readline interface keeps
/// global state, so the completer and helper live in `LineEditorHooks`.
public final class LineEditor {
    /// - completer: the words that may complete the line typed so far.
    /// - helper: the help text for the line typed so far (VRP's `?`).
    public init(name: String, completer: @escaping @Sendable (String) -> [String], helper: @escaping @Sendable (String) -> String) {
        LineEditorHooks.completer = completer
        LineEditorHooks.helper = helper
        meridian_rl_setup(UnsafePointer(strdup(name))) { text, _, _ in
            // Whole-line context: the grammar completes the last word given the words before it,
            // and libedit must not fall back to file names.
            meridian_rl_completion_over()
            return rl_completion_matches(text, LineEditorHooks.generator)
        }
        _ = rl_bind_key(Int32(UInt8(ascii: "?")), LineEditorHooks.help)
    }

    /// One line, without its newline; nil at end of input (Ctrl-D).
    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.allSatisfy(\.isWhitespace) { add_history(raw) }
        return line
    }
}

/// libedit calls plain C functions: the Swift closures they use are kept here.
enum LineEditorHooks {
    // Only the CLI's main thread reads lines, and libedit calls these hooks on that thread
    // from inside `readline`; set once in `LineEditor.init` before the first line.
    nonisolated(unsafe) static var completer: @Sendable (String) -> [String] = { _ in [] }
    nonisolated(unsafe) static var helper: @Sendable (String) -> String = { _ in "" }
    nonisolated(unsafe) static var matches: [String] = []

    /// The line from its start to the cursor.
    static var lineBeforeCursor: String {
        var point: Int32 = 0
        guard let buffer = meridian_rl_line(&point) else { return "" }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(max(point, 0)))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// readline's generator protocol: state 0 computes the matches, each call returns the next
    /// (malloc'd, libedit frees it), nil after the last.
    static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { matches = completer(lineBeforeCursor) }
        guard !matches.isEmpty else { return nil }
        return strdup(matches.removeFirst())
    }

    static let help: @convention(c) (Int32, Int32) -> Int32 = { _, _ in
        let text = helper(lineBeforeCursor)
        meridian_rl_print("?\n" + text + "\n")
        rl_on_new_line()
        rl_forced_update_display()
        return 0
    }
}
