/// Bytes waiting for the client's SSH channel window, consumed from the front without
/// shifting the whole array on every write.
struct OutputBuffer {
    private var storage: [UInt8] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }

    mutating func append(_ bytes: some Collection<UInt8>) {
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ other: OutputBuffer) {
        guard !other.isEmpty else { return }
        storage.append(contentsOf: other.storage[other.head...])
    }

    /// Lends the first `limit` unconsumed bytes to `body`, which returns how many it used.
    mutating func consume(upTo limit: Int, _ body: (UnsafeRawBufferPointer) -> Int) {
        let n = min(limit, count)
        guard n > 0 else { return }
        let used = storage.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[head..<(head + n)]))
        }
        head += max(0, min(used, n))
        if head == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 1 << 20)
            head = 0
        } else if head > 1 << 16, head > storage.count / 2 {
            storage.removeFirst(head)
            head = 0
        }
    }
}
