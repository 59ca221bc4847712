import Testing
@testable import NTPCore

/// Who creates an ephemeral association, checked rule by rule without an
/// engine: access, authentication, one per address, never for a configured
/// address, the table bound and the per-source rate.
@Suite struct EphemeralAdmissionTests {
    typealias Admission = EphemeralAdmission<String>

    static func active(poll: Int8 = 0) -> NTPPacket {
        NTPPacket(mode: .symmetricActive, stratum: 3, poll: poll, transmitTimestamp: LocalTimestamp.at(1).wall)
    }

    static func request(
        _ packet: NTPPacket = active(), source: String = "a", authentication: AuthenticationStatus = .none,
        required: Bool = false, access: Bool = true, configured: Bool = false, hasOne: Bool = false,
        count: Int = 0, maximum: Int = 4
    ) -> Admission.Request {
        Admission.Request(
            packet: packet, source: source, authentication: authentication, requireAuthentication: required,
            peerAccess: access, sourceIsConfigured: configured, sourceHasAssociation: hasOne,
            ephemeralAssociations: count, maximumEphemeralAssociations: maximum)
    }

    static func decide(_ request: Admission.Request, at seconds: Double = 0) -> Admission.Decision {
        var admission = Admission()
        return admission.decide(request, at: .seconds(seconds))
    }

    @Test func aPeerWithAccessMobilizesWithTheKeyItWasVerifiedWith() {
        #expect(Self.decide(Self.request()) == .mobilize(keyID: nil))
        #expect(Self.decide(Self.request(authentication: .verified(keyID: 9), required: true)) == .mobilize(keyID: 9))
    }

    @Test func eachRuleRefusesWithItsReason() {
        #expect(Self.decide(Self.request(access: false)) == .refuse(.accessDenied))
        #expect(Self.decide(Self.request(authentication: .failed)) == .refuse(.authenticationFailed))
        #expect(Self.decide(Self.request(required: true)) == .refuse(.authenticationRequired))
        #expect(Self.decide(Self.request(configured: true)) == .refuse(.configuredSource))
        #expect(Self.decide(Self.request(hasOne: true)) == .refuse(.sourceHasAssociation))
        #expect(Self.decide(Self.request(count: 4, maximum: 4)) == .refuse(.tableFull))
        #expect(Self.decide(Self.request(count: 0, maximum: 0)) == .refuse(.tableFull))
        #expect(Self.decide(Self.request(NTPPacket(mode: .client, transmitTimestamp: LocalTimestamp.at(1).wall)))
                == .refuse(.unsynchronizedServer))
    }

    @Test func authenticationRequiredRefusesEvenAConfiguredOrAccessibleSourceFirstForTheMissingMAC() {
        // The reason counted is the first rule that fails, in a fixed order.
        #expect(Self.decide(Self.request(required: true, configured: true, hasOne: true)) == .refuse(.authenticationRequired))
        #expect(Self.decide(Self.request(required: true, access: false)) == .refuse(.accessDenied))
    }

    @Test func broadcastsMustComeFromAServerWorthFollowing() {
        func broadcast(stratum: UInt8 = 2, leap: LeapIndicator = .noWarning, transmit: Bool = true) -> NTPPacket {
            NTPPacket(leap: leap, mode: .broadcast, stratum: stratum, poll: 6,
                      transmitTimestamp: transmit ? LocalTimestamp.at(1).wall : .zero)
        }
        #expect(Self.decide(Self.request(broadcast())) == .mobilize(keyID: nil))
        #expect(Self.decide(Self.request(broadcast(leap: .unsynchronized))) == .refuse(.unsynchronizedServer))
        #expect(Self.decide(Self.request(broadcast(stratum: 0))) == .refuse(.unsynchronizedServer))
        #expect(Self.decide(Self.request(broadcast(stratum: 16))) == .refuse(.unsynchronizedServer))
        #expect(Self.decide(Self.request(broadcast(transmit: false))) == .refuse(.unsynchronizedServer))
    }

    @Test func oneSourceMobilizesTwiceBackToBackThenOncePerSixteenSeconds() {
        var admission = Admission()
        #expect(admission.decide(Self.request(), at: .seconds(0)) == .mobilize(keyID: nil))
        #expect(admission.decide(Self.request(), at: .seconds(1)) == .mobilize(keyID: nil))
        #expect(admission.decide(Self.request(), at: .seconds(2)) == .refuse(.rateLimited))
        #expect(admission.decide(Self.request(), at: .seconds(10)) == .refuse(.rateLimited))
        #expect(admission.decide(Self.request(source: "b"), at: .seconds(10)) == .mobilize(keyID: nil), "per source")
        #expect(admission.decide(Self.request(), at: .seconds(18)) == .mobilize(keyID: nil), "one token back after 16 s")
        #expect(admission.decide(Self.request(), at: .seconds(19)) == .refuse(.rateLimited))
    }

    @Test func aRefusalForAnotherReasonDoesNotUseTheSourcesAllowance() {
        var admission = Admission()
        for second in 0..<100 {
            #expect(admission.decide(Self.request(hasOne: true), at: .seconds(Double(second))) == .refuse(.sourceHasAssociation))
        }
        #expect(admission.decide(Self.request(), at: .seconds(100)) == .mobilize(keyID: nil))
        #expect(admission.decide(Self.request(), at: .seconds(100)) == .mobilize(keyID: nil))
    }

    @Test func thePolicyBoundsThePollAndTheDeadline() {
        let policy = EphemeralPolicy()
        #expect(policy.pollExponent(announced: 0, floor: 0) == 0)
        #expect(policy.pollExponent(announced: -6, floor: 0) == 0, "never faster than the floor")
        #expect(policy.pollExponent(announced: -6, floor: -2) == -2)
        #expect(policy.pollExponent(announced: 17, floor: 0) == 10, "never slower than 2^10 s")
        #expect(policy.reachDeadline(mobilizedAt: .seconds(5), pollExponent: 0) == .seconds(9))
        #expect(policy.reachDeadline(mobilizedAt: .seconds(0), pollExponent: 10) == .seconds(4096))
        #expect(policy.reachDeadline(mobilizedAt: .seconds(0), pollExponent: -1) == .seconds(2))
    }
}
