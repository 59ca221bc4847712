/// The externally visible phase of a session.
public enum SessionPhase: Sendable, Equatable {
    /// The server hello is out (or about to be); waiting for the client's.
    case awaitingClientHello
    /// Hellos exchanged; RPCs flow.
    case established
    /// `<close-session>` (or a protocol violation that ends the session) has been read; the
    /// work queued before it is still being answered and further input is ignored.
    case closing
    /// Over; every input is ignored.
    case closed
}
