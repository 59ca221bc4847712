/// Why a line was refused, with the column of the offending word for VRP's marker:
///
///     [~HUAWEI] ntp-service unicst-server 10.0.1.31
///                           ^
///     Error: Unrecognized command found at '^' position.
public struct ParseError: Error, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case unrecognized
        case ambiguous
        case incomplete
        case wrongParameter
        case tooManyParameters
    }

    public let code: Code
    /// Column (0-based, in characters) of the word the error is about.
    public let column: Int

    public init(_ code: Code, column: Int) {
        self.code = code
        self.column = column
    }

    public var message: String {
        switch code {
        case .unrecognized: "Unrecognized command found at '^' position."
        case .ambiguous: "Ambiguous command found at '^' position."
        case .incomplete: "Incomplete command found at '^' position."
        case .wrongParameter: "Wrong parameter found at '^' position."
        case .tooManyParameters: "Too many parameters found at '^' position."
        }
    }

    /// The two lines VRP prints: the marker under the word (after `promptWidth` columns of
    /// prompt) and the error.
    public func rendered(promptWidth: Int) -> String {
        String(repeating: " ", count: promptWidth + column) + "^\nError: " + message
    }
}
