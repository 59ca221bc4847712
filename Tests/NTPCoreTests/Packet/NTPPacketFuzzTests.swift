import TestSupport
import Testing
@testable import NTPCore

/// Deterministic corpus replay: random and mutated datagrams must either
/// parse and re-encode to the same bytes, or throw; never trap.
@Suite struct NTPPacketFuzzTests {
    @Test func randomBytesNeverCrashAndRoundTripWhenAccepted() {
        var generator = SeededGenerator(seed: 0x5EED)
        var accepted = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...160, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 0, Bool.random(using: &generator) {
                bytes[0] = 4 << 3 | UInt8.random(in: 0...5, using: &generator)  // bias towards valid headers
            }
            if let packet = try? NTPPacket.parse(bytes) {
                accepted += 1
                #expect(packet.serialize() == bytes)
            }
        }
        #expect(accepted > 100)
    }

    @Test func mutatedValidPacketsNeverCrash() {
        var generator = SeededGenerator(seed: 0xF00D)
        let field: [UInt8] = [0x01, 0x04, 0x00, 0x10] + [UInt8](repeating: 0xAB, count: 12)
        let seed = NTPPacketCodecTests.serverReply + field + [0, 0, 0, 1] + [UInt8](repeating: 0x22, count: 16)
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            if let packet = try? NTPPacket.parse(bytes) {
                #expect(packet.serialize() == bytes)
            }
        }
    }
}

/// Hostile input on the receive path: whatever parses is fed to a client
/// association waiting for a reply; nothing may reach the clock.
@Suite struct AssociationFuzzTests {
    @Test func randomPacketsNeverProduceSamples() throws {
        var generator = SeededGenerator(seed: 0xBAD)
        var machine = AssociationStateMachine(
            id: AssociationID(1), configuration: AssociationConfiguration(mode: .client),
            system: .unsynchronized(precision: -20)
        )
        _ = machine.start(at: .seconds(0))
        _ = machine.pollDue(now: .at(0))
        var delivered = 0
        for index in 0..<20_000 {
            var bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[0] = UInt8.random(in: 0...3, using: &generator) << 6 | 4 << 3 | 4
            guard let packet = try? NTPPacket.parse(bytes) else { continue }
            delivered += 1
            let actions = machine.receive(packet, at: .at(0.01 + Double(index) * 1e-6))
            for action in actions {
                switch action {
                case .sample, .peerUpdated, .reachabilityChanged, .stopped, .kissReceived:
                    Issue.record("a spoofed packet changed the association: \(action)")
                default: break
                }
            }
        }
        #expect(delivered == 20_000)
        #expect(machine.snapshot.reach == 0)
        #expect(machine.snapshot.estimate == nil)
    }
}
