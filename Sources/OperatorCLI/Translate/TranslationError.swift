/// A command the grammar accepted but that cannot be expressed (a form only valid as `undo`,
/// a key that is neither text nor hexadecimal).
public struct TranslationError: Error, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
