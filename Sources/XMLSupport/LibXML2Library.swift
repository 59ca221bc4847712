internal import CLibXML2

/// Process-wide libxml2 initialization, done exactly once.
enum LibXML2Library {
    /// `xmlInitParser` is not safe to race with other libxml2 calls; a `static let` runs its
    /// initializer once, under the runtime's once-lock, before any parse proceeds.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func initializeOnce() {
        _ = initialized
    }
}
