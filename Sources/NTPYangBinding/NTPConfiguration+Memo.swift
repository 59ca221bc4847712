public import YangData
import Synchronization

extension NTPConfiguration {
    /// The configuration of `roots`, read once per commit: the NTP rules, the
    /// implementation limits and the engine applier are all handed the same node array,
    /// so the second and third readers get the first reader's result. "The same" is the
    /// same array storage; the cache keeps that array alive, so its storage cannot be
    /// freed and reused for another array while it is the key.
    public static func of(_ roots: [DataNode]) -> NTPConfiguration {
        let key = storage(of: roots)
        if let key, let hit = lastRead.withLock({ $0.flatMap { storage(of: $0.roots) == key ? $0.configuration : nil } }) {
            return hit
        }
        let configuration = NTPConfiguration(roots)
        if key != nil { lastRead.withLock { $0 = (roots, configuration) } }
        return configuration
    }

    private static func storage(of roots: [DataNode]) -> UnsafeRawPointer? {
        roots.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    private static let lastRead = Mutex<(roots: [DataNode], configuration: NTPConfiguration)?>(nil)
}
