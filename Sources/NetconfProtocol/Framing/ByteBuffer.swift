/// Received bytes not yet consumed by a decoder, with a read index so consuming is O(1) and
/// the storage is compacted only once the consumed prefix dominates (amortized O(n)).
struct ByteBuffer: Sendable {
    private(set) var storage: [UInt8] = []
    private(set) var readIndex = 0

    var readableCount: Int { storage.count - readIndex }
    var endIndex: Int { storage.count }

    mutating func append(_ bytes: some Collection<UInt8>) {
        storage.append(contentsOf: bytes)
    }

    subscript(index: Int) -> UInt8 { storage[index] }

    /// The bytes `readIndex..<end`, consumed.
    mutating func take(upTo end: Int) -> ArraySlice<UInt8> {
        let slice = storage[readIndex..<end]
        readIndex = end
        return slice
    }

    mutating func skip(_ count: Int) {
        readIndex = min(readIndex + count, storage.count)
    }

    /// Drops consumed bytes when they are at least half the storage; returns how far indices
    /// moved so a caller holding a scan position can shift it.
    @discardableResult
    mutating func compactIfWorthwhile() -> Int {
        guard readIndex > 0, readIndex >= storage.count / 2 else { return 0 }
        let shift = readIndex
        if shift == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 1 << 20)
        } else {
            storage.removeSubrange(0..<shift)
        }
        readIndex = 0
        return shift
    }
}
