@testable import NTPCore

/// Two association machines joined by an in-memory link with a delay in
/// each direction, driven by a discrete-event loop over true time. Each
/// side reads its own wall clock (true time plus its clock offset); the
/// monotonic clocks run at true time.
struct InMemoryLink {
    enum Side: Int { case a = 0, b = 1 }

    struct Peer {
        var machine: AssociationStateMachine?
        var clockOffset: Double
        var nextPoll: MonotonicInstant?
        var estimates: [PeerEstimate] = []
        var rejected: [PacketVerdict] = []
    }

    private enum Event {
        case deliver(NTPPacket, to: Side)
        case poll(Side, MonotonicInstant)
    }

    var peers: [Peer]
    /// One-way delays: a→b and b→a, in seconds.
    var delayAToB: Double
    var delayBToA: Double
    /// Builds side B's machine when A's first packet reaches it (a dynamic
    /// symmetric-passive association), with the time to first poll.
    var makePassive: ((NTPPacket) -> (AssociationStateMachine, Duration))?
    private var queue: [(time: Double, order: Int, event: Event)] = []
    private var sequence = 0
    private(set) var now = 0.0

    init(a: AssociationStateMachine, clockOffsetA: Double, b: AssociationStateMachine?, clockOffsetB: Double,
         delayAToB: Double, delayBToA: Double) {
        self.peers = [Peer(machine: a, clockOffset: clockOffsetA), Peer(machine: b, clockOffset: clockOffsetB)]
        self.delayAToB = delayAToB
        self.delayBToA = delayBToA
    }

    func localTime(_ side: Side) -> LocalTimestamp {
        LocalTimestamp(
            wall: NTPTimestamp(seconds: 3_900_000_000, fraction: 0) + NTPInterval(seconds: now + peers[side.rawValue].clockOffset),
            monotonic: .seconds(now)
        )
    }

    /// Starts both existing machines, B `startDelayB` after A.
    mutating func start(startDelayB: Double = 0) {
        startMachine(.a, at: 0)
        if peers[1].machine != nil { startMachine(.b, at: startDelayB) }
    }

    mutating func run(until end: Double) {
        while let next = popNext(), next.time <= end {
            now = next.time
            switch next.event {
            case .deliver(let packet, let side): deliver(packet, to: side)
            case .poll(let side, let at):
                guard peers[side.rawValue].nextPoll == at else { continue }
                let actions = peers[side.rawValue].machine!.pollDue(now: localTime(side))
                handle(actions, from: side)
            }
        }
    }

    private mutating func startMachine(_ side: Side, at time: Double) {
        let actions = peers[side.rawValue].machine!.start(at: .seconds(time))
        handle(actions, from: side)
    }

    private mutating func deliver(_ packet: NTPPacket, to side: Side) {
        if peers[side.rawValue].machine == nil, let makePassive {
            let (machine, firstPoll) = makePassive(packet)
            peers[side.rawValue].machine = machine
            handle(peers[side.rawValue].machine!.start(at: localTime(side).monotonic + firstPoll), from: side)
        }
        guard peers[side.rawValue].machine != nil else { return }
        let actions = peers[side.rawValue].machine!.receive(packet, at: localTime(side))
        handle(actions, from: side)
    }

    private mutating func handle(_ actions: [AssociationAction], from side: Side) {
        for action in actions {
            switch action {
            case .send(let packet):
                // Every packet crosses the wire format, as it would on a socket.
                let received = try! NTPPacket.parse(packet.serialize())
                let other: Side = side == .a ? .b : .a
                enqueue(now + (side == .a ? delayAToB : delayBToA), .deliver(received, to: other))
            case .schedulePoll(let at):
                peers[side.rawValue].nextPoll = at
                enqueue(at.seconds, .poll(side, at))
            case .peerUpdated(let estimate):
                peers[side.rawValue].estimates.append(estimate)
            case .rejected(let verdict):
                peers[side.rawValue].rejected.append(verdict)
            case .sample, .reachabilityChanged, .kissReceived, .stopped, .calibrated:
                break
            }
        }
    }

    private mutating func enqueue(_ time: Double, _ event: Event) {
        sequence += 1
        queue.append((time, sequence, event))
    }

    private mutating func popNext() -> (time: Double, order: Int, event: Event)? {
        guard let index = queue.indices.min(by: { (queue[$0].time, queue[$0].order) < (queue[$1].time, queue[$1].order) })
        else { return nil }
        return queue.remove(at: index)
    }
}
