internal import CLibEdit
import Glibc

/// Interactive line input on libedit: emacs-style editing, history, Tab completion and VRP's
/// `?` (the possible next words with their help, printed the moment `?` is typed, then the
/// line shown again). One per process: libedit calls plain C functions, so the closures they
/// use live in `LineEditorHooks`.
public final class LineEditor {
    private let editor: OpaquePointer
    private let history: OpaquePointer?

    /// - completer: the words that may complete the last (partial) word of the line so far.
    /// - helper: the help text for the line so far (VRP's `?`).
    public init?(name: String, completer: @escaping @Sendable (String) -> [String], helper: @escaping @Sendable (String) -> String) {
        LineEditorHooks.completer = completer
        LineEditorHooks.helper = helper
        var history: OpaquePointer?
        guard let editor = meridian_el_open(name, &history, LineEditorHooks.prompt, LineEditorHooks.help, LineEditorHooks.complete) else {
            return nil
        }
        self.editor = editor
        self.history = history
    }

    deinit {
        meridian_el_close(editor, history)
    }

    /// One line, without its newline; nil at end of input (Ctrl-D).
    public func readLine(prompt: String) -> String? {
        LineEditorHooks.setPrompt(prompt)
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count), count > 0 else { return nil }
        var line = String(cString: raw)
        if line.last == "\n" { line.removeLast() }
        if !line.allSatisfy(\.isWhitespace) { meridian_el_remember(history, line) }
        return line
    }
}

/// The state libedit's C callbacks reach.
enum LineEditorHooks {
    // Only the CLI's main thread reads lines, and libedit calls these hooks on that thread
    // from inside `el_gets`; they are set in `LineEditor.init` before the first line.
    nonisolated(unsafe) static var completer: @Sendable (String) -> [String] = { _ in [] }
    nonisolated(unsafe) static var helper: @Sendable (String) -> String = { _ in "" }
    nonisolated(unsafe) static var promptText: UnsafeMutablePointer<CChar>? = strdup("")

    static func setPrompt(_ text: String) {
        free(promptText)
        promptText = strdup(text)
    }

    static func lineBeforeCursor(_ editor: OpaquePointer?) -> String {
        var length: Int32 = 0
        guard let editor, let buffer = meridian_el_before_cursor(editor, &length) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(max(length, 0))), as: UTF8.self)
    }

    static let prompt: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { _ in promptText }

    static let help: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
        meridian_el_print("?\n" + helper(lineBeforeCursor(editor)) + "\n")
        return meridian_cc_redisplay
    }

    /// One candidate: the rest of it and a space are inserted. Several: their common prefix is
    /// inserted and they are listed.
    static let complete: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
        let line = lineBeforeCursor(editor)
        let partial = line.last?.isWhitespace == false ? String(line.split(separator: " ").last ?? "") : ""
        let candidates = completer(line)
        guard let editor, !candidates.isEmpty else { return meridian_cc_refresh }
        if candidates.count == 1 {
            _ = el_insertstr(editor, String(candidates[0].dropFirst(partial.count)) + " ")
            return meridian_cc_refresh
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { String(zip($0, $1).prefix { $0 == $1 }.map(\.0)) }
        if common.count > partial.count { _ = el_insertstr(editor, String(common.dropFirst(partial.count))) }
        meridian_el_print("\n" + candidates.joined(separator: "  ") + "\n")
        return meridian_cc_redisplay
    }
}
