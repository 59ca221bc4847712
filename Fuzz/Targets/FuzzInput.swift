/// Reads a fuzz input: a few leading control bytes that choose options, then the payload.
/// An input too short for its control bytes reads zeros, so every input is usable.
struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    /// The next control byte, or 0 once the input is used up.
    mutating func controlByte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    /// Everything not read yet.
    var payload: [UInt8] { Array(bytes) }
}

/// Stops the process on a broken invariant, naming the target and what broke, so libFuzzer
/// saves the input and the log says why.
func invariant(_ condition: @autoclosure () -> Bool, _ target: FuzzTarget, _ message: @autoclosure () -> String) {
    if !condition() {
        fatalError("fuzz target \(target.rawValue): \(message())")
    }
}
