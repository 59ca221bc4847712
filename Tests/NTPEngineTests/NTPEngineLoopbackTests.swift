import Testing
@testable import NTPCore
@testable import NTPEngine

/// The thread-backed engine on real loopback sockets: the plan semantics
/// hold across the thread boundary. Nothing here waits on protocol timers.
@Suite struct NTPEngineLoopbackTests {
    @Test func prepareFailureLeavesTheRunningEngineUntouched() async throws {
        let engine = try NTPEngine()
        let good = EngineConfiguration(port: 0, listenAddresses: [IPAddress("127.0.0.1")!], refclockMasterStratum: 5)
        try await engine.configure(good)
        let before = await engine.snapshot()
        #expect(before.sockets == [SocketBinding(address: IPAddress("127.0.0.1")!, port: 0)])
        #expect(before.clock.stratum == 5 && before.clock.synchronized)

        var unbindable = good
        unbindable.listenAddresses.append(IPAddress("192.0.2.1")!)  // TEST-NET-1: not on this host
        await #expect(throws: EngineError.self) { try await engine.prepare(unbindable) }
        let after = await engine.snapshot()
        #expect(after.sockets == before.sockets)
        #expect(after.configurationGeneration == before.configurationGeneration)

        let prepared = try await engine.prepare(EngineConfiguration.stopped)
        #expect(prepared.closedBindings == before.sockets)
        await engine.abort(prepared)
        #expect(await engine.snapshot().sockets == before.sockets)
        await engine.shutdown()
    }
}
