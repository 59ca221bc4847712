/// The session is over; every input is ignored.
struct ClosedState: Sendable, Equatable {
    let reason: TerminationReason
}
