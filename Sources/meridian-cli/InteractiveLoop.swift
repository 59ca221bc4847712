import LineEditor
import OperatorCLI

/// The terminal session: prompts, line editing, history, tab completion and `?` help.
struct InteractiveLoop {
    let shell: Shell

    func run() {
        // The hooks read the view at the moment a key is pressed: the shell is only touched
        // from this thread, inside readline.
        nonisolated(unsafe) let shell = self.shell
        guard let editor = LineEditor(
            name: "meridian-cli",
            completer: { line in CommandGrammar.parser(for: shell.view).suggestions(for: line).completions },
            helper: { line in CommandGrammar.parser(for: shell.view).suggestions(for: line).helpText })
        else {
            printError("Error: cannot start the line editor")
            return
        }
        shell.askUncommitted = { question in
            editor.readLine(prompt: question)?.lowercased().first { !$0.isWhitespace }
        }
        while !shell.finished, let line = editor.readLine(prompt: shell.prompt) {
            _ = shell.execute(line)
        }
    }
}
