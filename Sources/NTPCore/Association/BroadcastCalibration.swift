/// The delay calibration of a broadcast client (RFC 5905 §9.1 and §15): a
/// volley of client requests to the broadcast server measures the round-trip
/// delay that broadcast samples cannot measure themselves. The shortest
/// round trip is kept, as the clock filter would keep it.
struct BroadcastCalibration: Hashable, Sendable {
    /// Requests not sent yet.
    var requestsLeft: Int
    /// Replies that complete the volley early.
    let repliesWanted: Int
    /// Round-trip delays of the replies so far.
    private(set) var delays: [Double] = []

    init(requests: Int) {
        requestsLeft = max(requests, 0)
        repliesWanted = max(requests, 0)
    }

    mutating func record(delay: Double) {
        guard delay.isFinite, delays.count < repliesWanted else { return }
        delays.append(max(delay, 0))
    }

    /// Every request was answered.
    var isComplete: Bool { delays.count >= repliesWanted }

    /// The calibrated round-trip delay, or `nil` when nothing answered.
    var delay: Double? { delays.min() }
}
