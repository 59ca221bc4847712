/// The parameters of `<edit-config>` other than target and content (RFC 6241 §7.2).
public struct EditOptions: Sendable, Equatable {
    public enum DefaultOperation: String, Sendable { case merge, replace, none }
    public enum TestOption: String, Sendable { case testThenSet = "test-then-set", set, testOnly = "test-only" }
    public enum ErrorOption: String, Sendable {
        case stopOnError = "stop-on-error"
        case continueOnError = "continue-on-error"
        case rollbackOnError = "rollback-on-error"
    }

    public var defaultOperation: DefaultOperation = .merge
    public var testOption: TestOption = .testThenSet
    public var errorOption: ErrorOption = .stopOnError

    public init() {}
}
