import NetconfModel

/// The request being executed and the classified messages behind it, in arrival order.
///
/// Bounded by count and by the size of the raw messages queued, so a client that pipelines
/// faster than the server answers is held back (its bytes wait in the ``FrameDecoder``).
struct RequestPipeline: Sendable {
    static let maxQueuedMessages = 64

    private(set) var outstanding: RPCRequest?
    private var queue: [PendingMessage] = []
    private var head = 0
    private var queuedBytes: [Int] = []
    private var totalQueuedBytes = 0
    let maxQueuedBytes: Int

    init(maxQueuedBytes: Int) {
        self.maxQueuedBytes = maxQueuedBytes
    }

    var isIdle: Bool { outstanding == nil && queuedCount == 0 }
    var queuedCount: Int { queue.count - head }

    /// True while another message may be read and queued.
    var hasRoom: Bool {
        outstanding == nil || (queuedCount < Self.maxQueuedMessages && totalQueuedBytes < maxQueuedBytes)
    }

    mutating func startExecuting(_ request: RPCRequest) {
        outstanding = request
    }

    mutating func finishExecuting() -> RPCRequest? {
        defer { outstanding = nil }
        return outstanding
    }

    mutating func enqueue(_ message: PendingMessage, size: Int) {
        queue.append(message)
        queuedBytes.append(size)
        totalQueuedBytes += size
    }

    mutating func dequeue() -> PendingMessage? {
        guard head < queue.count else { return nil }
        let message = queue[head]
        totalQueuedBytes -= queuedBytes[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            queuedBytes.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= Self.maxQueuedMessages {
            // A client that never lets the queue drain must not grow it: drop the consumed prefix.
            queue.removeFirst(head)
            queuedBytes.removeFirst(head)
            head = 0
        }
        return message
    }
}
