import Testing
@testable import NTPCore

@Suite struct SampleComputationTests {
    static func time(_ seconds: Double) -> NTPTimestamp {
        NTPTimestamp(seconds: 3_900_000_000, fraction: 0) + NTPInterval(seconds: seconds)
    }

    @Test func computesOffsetDelayAndDispersion() {
        // Server 0.5 s ahead; 10 ms each way; 1 ms in the server.
        let packet = NTPPacket(
            mode: .server, stratum: 1, precision: -20,
            originTimestamp: Self.time(0), receiveTimestamp: Self.time(0.51),
            transmitTimestamp: Self.time(0.511)
        )
        let arrival = LocalTimestamp(wall: Self.time(0.021), monotonic: .seconds(50))
        let sample = SampleComputation.exchange(packet, receivedAt: arrival, systemPrecision: -20)
        #expect(abs(sample.offset - 0.5) < 1e-9)
        #expect(abs(sample.delay - 0.020) < 1e-9)
        let expectedDispersion = 2 * ProtocolConstants.seconds(log2: -20) + 15e-6 * 0.021
        #expect(abs(sample.dispersion - expectedDispersion) < 1e-12)
        #expect(sample.time == .seconds(50))
    }

    @Test func aKernelDepartureStampReplacesTheOriginAsT1() {
        // Read at 0, left the host 4 µs later; the server is 0.5 s ahead, 10 µs each way.
        let packet = NTPPacket(
            mode: .server, stratum: 1, precision: -20,
            originTimestamp: Self.time(0), receiveTimestamp: Self.time(0.500_014),
            transmitTimestamp: Self.time(0.500_015)
        )
        let arrival = LocalTimestamp(wall: Self.time(0.000_025), monotonic: .seconds(50))
        let plain = SampleComputation.exchange(packet, receivedAt: arrival, systemPrecision: -20)
        let departed = SampleComputation.exchange(
            packet, receivedAt: arrival, systemPrecision: -20, departure: Self.time(0.000_004))
        #expect(abs(departed.offset - 0.5) < 1e-9, "the send path no longer reads as offset")
        #expect(abs(departed.delay - 0.000_020) < 1e-9)
        #expect(abs(plain.offset - 0.500_002) < 1e-9 && abs(plain.delay - 0.000_024) < 1e-9)
    }

    @Test func delayIsClampedToThePrecision() {
        let packet = NTPPacket(
            mode: .server, stratum: 1, precision: -10,
            originTimestamp: Self.time(0), receiveTimestamp: Self.time(0.002),
            transmitTimestamp: Self.time(0.002)
        )
        let arrival = LocalTimestamp(wall: Self.time(0.001), monotonic: .seconds(1))
        let sample = SampleComputation.exchange(packet, receivedAt: arrival, systemPrecision: -6)
        #expect(sample.delay == ProtocolConstants.seconds(log2: -6))
    }

    @Test func worksAcrossTheEraRollover() {
        let t1 = NTPTimestamp(seconds: 0xFFFF_FFFF, fraction: 0)
        let packet = NTPPacket(
            mode: .server, stratum: 1, precision: -20,
            originTimestamp: t1, receiveTimestamp: t1 + NTPInterval(seconds: 3),
            transmitTimestamp: t1 + NTPInterval(seconds: 3)
        )
        let arrival = LocalTimestamp(wall: t1 + NTPInterval(seconds: 2), monotonic: .seconds(1))
        let sample = SampleComputation.exchange(packet, receivedAt: arrival, systemPrecision: -20)
        #expect(abs(sample.offset - 2) < 1e-9)
        #expect(abs(sample.delay - 2) < 1e-6)
    }

    @Test func broadcastAddsHalfTheCalibratedDelay() {
        let packet = NTPPacket(mode: .broadcast, stratum: 2, precision: -20, transmitTimestamp: Self.time(1))
        let arrival = LocalTimestamp(wall: Self.time(0.9), monotonic: .seconds(1))
        let sample = SampleComputation.broadcast(packet, receivedAt: arrival, systemPrecision: -20, broadcastDelay: 0.004)
        #expect(abs(sample.offset - 0.102) < 1e-9)
        #expect(sample.delay == 0.004)
    }
}
