import Synchronization
@testable import NTPCore
@testable import NTPEngine

/// A host clock that moves only when a test says so. `offset` makes this
/// host's wall clock differ from true time, as two machines would.
final class ManualHostClock: HostClock {
    private let state: Mutex<Double>
    private let offset: Double
    private let origin: Shared

    /// One timeline shared by every clock made from it.
    final class Shared: Sendable {
        let now = Mutex<Double>(0)
        let epoch = NTPTimestamp(seconds: 3_970_000_000, fraction: 0)
    }

    init(shared: Shared = Shared(), offset: Double = 0) {
        self.origin = shared
        self.offset = offset
        self.state = Mutex(0)
    }

    var shared: Shared { origin }

    /// Seconds of true time since the start.
    var seconds: Double { origin.now.withLock { $0 } }

    func advance(to seconds: Double) {
        origin.now.withLock { $0 = max($0, seconds) }
    }

    func read() -> HostReading {
        let now = seconds
        return HostReading(
            realtime: origin.epoch + NTPInterval(seconds: now + offset),
            monotonic: .seconds(now)
        )
    }
}
