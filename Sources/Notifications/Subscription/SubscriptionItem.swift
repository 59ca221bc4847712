/// What a subscription delivers next, in order.
public enum SubscriptionItem: Sendable, Equatable {
    /// An event, replayed from the log or live.
    case event(NotificationEvent)
    /// RFC 5277 §2.1.1: the replayed events have all been sent.
    case replayComplete
    /// RFC 5277 §2.1.1: the subscription is over (its stop time passed, or, Meridian's
    /// choice, its queue overflowed); nothing follows.
    case notificationComplete
}
