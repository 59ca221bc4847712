/// A message that ends the session (`<close-session>`, or a second `<hello>`) has been read and
/// queued. Input after it is discarded; the requests before it are still executed and answered
/// in order, and the session closes when the ending message's turn comes.
struct ClosingState: Sendable, Equatable {
    let established: EstablishedState
}
