/// The 8-bit reach shift register and unreach counter (RFC 5905 §13): a
/// bit shifts in at each poll and the lowest bit is set by a valid reply.
public struct ReachRegister: Hashable, Sendable {
    public private(set) var value: UInt8 = 0
    /// Polls in a row that found the register empty.
    public private(set) var unreachCount = 0

    public init() {}

    public var isReachable: Bool { value != 0 }

    /// A valid packet arrived since the last poll or during the interval
    /// before it.
    public var answeredRecently: Bool { value & 0x3 != 0 }

    /// No reply to any of the last three polls.
    public var missedLastThreePolls: Bool { value & 0x7 == 0 }

    mutating func shiftForPoll() {
        value <<= 1
    }

    mutating func recordReply() {
        value |= 1
    }

    mutating func countUnreachablePoll() {
        unreachCount += 1
    }

    mutating func resetUnreachCount() {
        unreachCount = 0
    }
}
