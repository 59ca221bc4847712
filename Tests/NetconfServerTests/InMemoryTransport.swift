import NetconfServer
import SSHTransport
import Synchronization

/// A transport without sockets: records what the server writes and closes, and runs
/// scheduled work when the test drains it (standing in for the reactor thread).
final class InMemoryTransport: NetconfTransport, @unchecked Sendable {
    private(set) var written: [ConnectionID: [UInt8]] = [:]
    private(set) var closed: [ConnectionID: String] = [:]
    /// Every `setInputPaused` call, in order.
    private(set) var inputPauses: [(ConnectionID, Bool)] = []
    private let pending = Mutex<[@Sendable () -> Void]>([])

    func write(_ id: ConnectionID, _ bytes: [UInt8]) { written[id, default: []] += bytes }
    func close(_ id: ConnectionID, reason: String) { closed[id] = reason }
    func schedule(_ work: @escaping @Sendable () -> Void) { pending.withLock { $0.append(work) } }
    func setInputPaused(_ id: ConnectionID, _ paused: Bool) { inputPauses.append((id, paused)) }

    /// Runs scheduled work until `condition` holds or about a second has passed.
    func drain(until condition: () -> Bool) async {
        for _ in 0..<1000 where !condition() {
            let work = pending.withLock { items in defer { items.removeAll() }; return items }
            work.forEach { $0() }
            if condition() { return }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Splits what was written to `id` at the base:1.0 end-of-message marker.
    func messages(_ id: ConnectionID) -> [String] {
        let text = String(decoding: written[id] ?? [], as: UTF8.self)
        return text.components(separatedBy: "]]>]]>").filter { !$0.isEmpty }
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    func range(of needle: String) -> Range<Substring.Index>? {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: n) {
                return i..<self.utf8.index(i, offsetBy: n.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
