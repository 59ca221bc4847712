/// A command line split into words, each with the column it starts at (for the `^` marker).
/// Double quotes group a word with spaces (`sysname "core 1"`).
public struct CommandWords: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        public var text: String
        public var column: Int
    }

    public var words: [Word]
    /// The line ends in whitespace (help then lists the next word, not completions of the last).
    public var endsWithSpace: Bool
    let line: [Character]

    public init(_ line: String) {
        let characters = Array(line)
        self.line = characters
        var words: [Word] = []
        var index = 0
        while index < characters.count {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            guard index < characters.count else { break }
            let start = index
            var text = ""
            if characters[index] == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    text.append(characters[index])
                    index += 1
                }
                index = min(index + 1, characters.count)
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    text.append(characters[index])
                    index += 1
                }
            }
            words.append(Word(text: text, column: start))
        }
        self.words = words
        self.endsWithSpace = characters.last?.isWhitespace ?? true
    }

    /// The raw text from `column` to the end of the line, trailing whitespace removed.
    public func rest(from column: Int) -> String {
        var text = String(line[column...])
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
