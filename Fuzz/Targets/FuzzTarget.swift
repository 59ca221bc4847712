/// The fuzz targets (Fuzz/README.md). Each takes one input, drives one path of Meridian with
/// it, and traps on a crash or on a broken invariant, which libFuzzer records as a finding.
/// Inputs the code rightly refuses are not findings: refusing them is part of what is tested.
///
/// The same functions run under libFuzzer (`Fuzz/Package.swift`, `make fuzz`) and on the
/// committed corpus in `swift test` (`FuzzCorpusTests`), so an input that once crashed keeps
/// failing CI until it no longer does.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// RFC 6242 framing: end-of-message and chunked decoding, in any fragmentation.
    case framing
    /// An `<rpc>` through the session machine to the operation's typed parameters, and the reply.
    case rpc
    /// `<edit-config>` content applied to a candidate of the real model, then validated.
    case editConfig = "edit-config"
    /// An NTP datagram parsed, answered as a server and received by an association.
    case ntp

    public func run(_ input: [UInt8]) {
        switch self {
        case .framing: FramingTarget.run(input)
        case .rpc: RPCTarget.run(input)
        case .editConfig: EditConfigTarget.run(input)
        case .ntp: NTPTarget.run(input)
        }
    }
}
