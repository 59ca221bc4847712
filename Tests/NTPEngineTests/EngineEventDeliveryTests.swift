import Testing
@testable import NTPCore
@testable import NTPEngine

/// The thread-backed engine hands its events to the daemon's handler on the engine thread,
/// stamped with the time they happened (real loopback socket; nothing waits on protocol timers).
@Suite struct EngineEventDeliveryTests {
    @Test func anApplysEventsReachTheHandlerStampedWithTheHostClock() async throws {
        let (stream, continuation) = AsyncStream<TimedEngineEvent>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let engine = try NTPEngine(eventHandler: { continuation.yield($0) })  // enqueue only
        let before = TimedEngineEvent.unixSeconds(of: SystemHostClock().read().realtime)
        try await engine.configure(EngineConfiguration(port: 0, listenAddresses: [IPAddress("127.0.0.1")!], refclockMasterStratum: 5))
        var events = stream.makeAsyncIterator()
        let first = try #require(await events.next())
        let after = TimedEngineEvent.unixSeconds(of: SystemHostClock().read().realtime)
        #expect(first.event == .synchronizationChanged(.init(
            from: .unsynchronized, to: .synchronized, stratum: 5, referenceID: ReferenceID(ascii: "LOCL"), offset: 0)))
        #expect(before <= first.time && first.time <= after)
        await engine.shutdown()
        continuation.finish()
    }
}
