public import NetconfModel

/// Where a committed configuration goes: the NTP engine (#5), or nothing.
///
/// The commit pipeline calls `prepare` with the new running configuration; the applier
/// knows what it runs now (the last configuration applied). Prepare does everything that
/// can fail (bind sockets, resolve interfaces) and holds what it acquired; `apply` then
/// cannot fail, and `abort` releases it all.
public protocol ConfigApplier: Sendable {
    func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange
}

/// A change ready to take effect; exactly one of `apply` or `abort` consumes it.
/// Non-copyable: an aborted change cannot be applied afterwards, nor one change applied
/// twice, so running is only ever set to a configuration the applier switched to.
public struct PreparedChange: ~Copyable, Sendable {
    private let onApply: @Sendable () -> AppliedChange
    private let onAbort: @Sendable () async -> Void
    /// The steps `apply` carries out, in order (recorded in the commit history).
    public let steps: [ConfigStep]

    /// - Parameters:
    ///   - apply: switches over; cannot fail. Returns at once: the change takes effect before
    ///     anything asked of the applier after this call (a later prepare works from it), and
    ///     the returned wait ends once it has.
    ///   - abort: releases what prepare acquired.
    ///   - steps: what `apply` does, for the commit history.
    public init(
        apply: @escaping @Sendable () -> AppliedChange, abort: @escaping @Sendable () async -> Void, steps: [ConfigStep] = []
    ) {
        onApply = apply
        onAbort = abort
        self.steps = steps
    }

    /// A change that needs nothing done.
    public static var nothing: PreparedChange { PreparedChange(apply: { .done }, abort: {}) }

    public consuming func apply() -> AppliedChange { onApply() }

    public consuming func abort() async { await onAbort() }
}

/// The wait for a change handed to its applier.
public struct AppliedChange: Sendable {
    private let body: @Sendable () async -> Void

    public init(_ wait: @escaping @Sendable () async -> Void) {
        body = wait
    }

    /// A change that took effect within `apply()`.
    public static let done = AppliedChange {}

    public func wait() async {
        await body()
    }
}

/// Why a configuration cannot be applied, as the rpc-errors to send.
public struct ApplyFailure: Error, Sendable {
    public let errors: [RPCError]
    public init(_ errors: [RPCError]) { self.errors = errors }
}

/// Accepts every configuration and does nothing with it.
public struct NullConfigApplier: ConfigApplier {
    public init() {}

    public func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
        .nothing
    }
}

/// Semantic rules beyond YANG (the NTP rules of MODEL.md, #5), run by validate and commit.
/// Pure: no I/O (what needs the host is checked by the applier's prepare).
public protocol ConfigValidator: Sendable {
    func validate(_ config: ValidatedConfiguration) -> [RPCError]
}
