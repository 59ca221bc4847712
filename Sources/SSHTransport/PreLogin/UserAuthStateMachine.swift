/// RFC 4252 user authentication of one connection, without I/O or clock.
///
/// The shell feeds every `SSH_MSG_USERAUTH_REQUEST` in arrival order (`received`), the outcome
/// of each check the machine asked for (`verified`), and the wake-ups it asked for
/// (`timerFired`); it executes the returned actions in order.
///
/// - Requests are answered strictly in the order they came (a client may send several
///   without waiting, RFC 4252 §5), and one at a time is checked.
/// - Every request but `none` is an attempt. Once `maxTries` attempts have failed the
///   connection is dropped: requests still waiting are never checked.
/// - A failed password is answered `failureDelay` after its check began, whatever failed
///   (unknown user, key-only user, wrong password), so the three take the same time. The
///   wait is a wake-up the shell arms, never a sleeping thread.
/// - No more requests wait than there are attempts left; more are dropped unanswered.
struct UserAuthStateMachine {
    typealias Instant = ContinuousClock.Instant
    /// The shell's number for a request, to find the message it holds.
    typealias RequestID = Int

    struct Limits: Equatable {
        var maxTries: Int
        var failureDelay: Duration
    }

    enum Method: Equatable {
        /// "none": which methods can continue? Answered with a failure, never counted.
        case none
        case password
        /// A public key without signature: would this key be accepted?
        case publicKeyQuery
        /// A public key whose signature libssh has verified.
        case publicKeySigned
        /// keyboard-interactive, hostbased, unknown names: refused, counted.
        case unsupported
    }

    enum Action: Equatable {
        /// Check the request's password away from the reactor thread, then call `verified`.
        case verifyPassword(RequestID)
        /// Check whether the request's key is authorized for its user, then call `verified`.
        case verifyKey(RequestID)
        /// SSH_MSG_USERAUTH_SUCCESS.
        case replySuccess(RequestID)
        /// SSH_MSG_USERAUTH_PK_OK: the queried key would be accepted.
        case replyKeyAcceptable(RequestID)
        /// SSH_MSG_USERAUTH_FAILURE; `counted` when it used up one of `maxTries` attempts.
        case replyFailure(RequestID, counted: Bool)
        /// Forget the request without an answer (after a success, or when dropping the connection).
        case discard(RequestID)
        /// Call `timerFired` at this time.
        case wake(at: Instant)
        case disconnect(reason: String)
    }

    private struct Request: Equatable {
        let id: RequestID
        let method: Method
    }

    private enum State {
        /// No request is being checked; a waiting one is taken at once.
        case idle
        /// `request` is being checked, since `since`.
        case verifying(Request, since: Instant)
        /// `request` failed; the failure is answered at `until`.
        case delaying(Request, until: Instant)
        /// Success was answered; later requests are ignored (RFC 4252 §5.1).
        case authenticated
        /// `maxTries` failures were answered; the connection is being dropped.
        case exhausted
    }

    let limits: Limits
    private var state = State.idle
    private var waiting: [Request] = []
    /// Attempts that failed so far.
    private(set) var failures = 0

    init(limits: Limits) {
        self.limits = limits
    }

    /// When the shell must call `timerFired`, if a failure is being held back.
    var wakeTime: Instant? {
        if case .delaying(_, let until) = state { return until }
        return nil
    }

    var isAuthenticated: Bool {
        if case .authenticated = state { return true }
        return false
    }

    // MARK: Inputs

    mutating func received(_ id: RequestID, _ method: Method, now: Instant) -> [Action] {
        switch state {
        case .authenticated, .exhausted:
            return [.discard(id)]
        case .idle, .verifying, .delaying:
            // Past the attempts left, a request could never be checked.
            guard waiting.count + inProgress < limits.maxTries - failures else { return [.discard(id)] }
            waiting.append(Request(id: id, method: method))
            return advance(now: now)
        }
    }

    mutating func verified(_ id: RequestID, accepted: Bool, now: Instant) -> [Action] {
        guard case .verifying(let request, let since) = state, request.id == id else { return [] }
        if accepted {
            if request.method == .publicKeyQuery {
                state = .idle
                return [.replyKeyAcceptable(id)] + advance(now: now)
            }
            state = .authenticated
            defer { waiting = [] }
            return [.replySuccess(id)] + waiting.map { .discard($0.id) }
        }
        if request.method == .password, now < since + limits.failureDelay {
            state = .delaying(request, until: since + limits.failureDelay)
            return [.wake(at: since + limits.failureDelay)]
        }
        return fail(request, now: now)
    }

    mutating func timerFired(now: Instant) -> [Action] {
        guard case .delaying(let request, let until) = state, now >= until else { return [] }
        return fail(request, now: now)
    }

    // MARK: Steps

    /// 1 while a request is being checked or its failure held back.
    private var inProgress: Int {
        switch state {
        case .verifying, .delaying: 1
        case .idle, .authenticated, .exhausted: 0
        }
    }

    /// Answers or starts checking waiting requests until one is being checked.
    private mutating func advance(now: Instant) -> [Action] {
        var actions: [Action] = []
        while case .idle = state, !waiting.isEmpty {
            let request = waiting.removeFirst()
            switch request.method {
            case .none:
                actions.append(.replyFailure(request.id, counted: false))
            case .unsupported:
                actions += fail(request, now: now)
            case .password:
                state = .verifying(request, since: now)
                actions.append(.verifyPassword(request.id))
            case .publicKeyQuery, .publicKeySigned:
                state = .verifying(request, since: now)
                actions.append(.verifyKey(request.id))
            }
        }
        return actions
    }

    private mutating func fail(_ request: Request, now: Instant) -> [Action] {
        failures += 1
        var actions: [Action] = [.replyFailure(request.id, counted: true)]
        guard failures < limits.maxTries else {
            state = .exhausted
            actions += waiting.map { .discard($0.id) }
            waiting = []
            actions.append(.disconnect(reason: "too many authentication failures"))
            return actions
        }
        state = .idle
        return actions + advance(now: now)
    }
}
