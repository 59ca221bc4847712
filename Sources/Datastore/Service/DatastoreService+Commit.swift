public import NetconfModel
public import YangData

extension DatastoreService {
    /// `<validate>` (RFC 6241 §8.6): the same checks as commit, nothing changed.
    public func validate(_ source: ConfigSource) -> RPCReplyContent {
        let tree: DataTree
        switch source {
        case .datastore(let name):
            guard let found = self.tree(name) else { return .errors([.invalidValue("the startup datastore does not exist", type: .protocol)]) }
            tree = found
        case .inline(let config):
            do {
                tree = try DataTree.parse(xml: Self.content(of: config), context: context)
            } catch {
                return .errors(error.map { $0.rpcError(in: context) })
            }
        }
        let errors = validationErrors(tree)
        return errors.isEmpty ? .ok : .errors(errors)
    }

    /// `<commit>` (RFC 6241 §8.3.4.1, §8.4): validate the candidate, classify the commit
    /// (plain, confirmed, confirming), install it and persist it.
    public func commit(
        confirmed isConfirmed: Bool, timeout: Duration, persist: String?, persistID: String?, session: SessionID
    ) async -> RPCReplyContent {
        if let busy = locks.checkWritable(.running, by: session) { return .errors([busy]) }
        if !isConfirmed, persistID == nil, let reply = await commitOfCommittedCandidate(session: session) { return reply }
        let target = candidate
        let nodes: [DataNode]
        switch checked(target) {
        case .failure(let failure): return .errors(failure.errors)
        case .success(let validated): nodes = validated
        }
        var request = ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitRequest()
        request.confirmed = isConfirmed
        request.timeout = timeout
        request.persist = persist
        request.persistID = persistID
        let before = confirmed
        let kind: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitKind
        do {
            kind = try confirmed.commit(request, from: session, now: .now) { (try? running.printXML()) ?? "" }
        } catch {
            return .errors([error])
        }
        // A plain commit is group-committed: applied now, acknowledged once on disk, while the
        // next commits proceed. Confirmed commits are on disk before they apply, so a failed
        // write leaves the confirmed-commit state as it was.
        let awaited: UInt64?
        candidateInFlight = target
        defer { if candidateInFlight === target { candidateInFlight = nil } }
        do {
            awaited = try await install(target, nodes: nodes, durability: kind == .plain ? .grouped : .beforeApply)
        } catch {
            confirmed = before
            return .errors(error.errors)
        }
        // Edits that came while the commit was in the lane are still to commit.
        if candidate === running { locks.candidateReset() }
        switch kind {
        case .confirmedStarted(let deadline), .confirmedExtended(let deadline):
            armConfirmedTimer(deadline)
        case .confirming, .plain:
            confirmedTimer?.cancel()
            confirmedTimer = nil
        }
        if let awaited {
            do {
                try await awaitDurable(awaited, session: session)
            } catch {
                return .errors(error.errors)
            }
        }
        return .ok
    }

    /// A plain commit (nothing confirmed pending) of a candidate that is running already, or
    /// that a commit before this one is installing: there is nothing to validate or apply,
    /// and the reply waits until that running configuration is on disk, as any plain
    /// commit's does. Several sessions that edit the shared candidate and commit so share
    /// one validation and one apply. Nil when this commit must do the work itself: the
    /// candidate holds changes nobody commits, the commit before failed, or a confirmed
    /// commit is pending by the time it would reply.
    func commitOfCommittedCandidate(session: SessionID) async -> RPCReplyContent? {
        guard confirmed.pending == nil else { return nil }
        let target = candidate
        if target !== running {
            guard target === candidateInFlight else { return nil }
            // The lane is first come, first served: once in, the commit before has finished.
            try? await inCommitLane { () async throws(ApplyFailure) in }
            guard running === target, confirmed.pending == nil else { return nil }
        }
        if candidate === running { locks.candidateReset() }
        do {
            try await awaitDurable(runningGeneration, session: session)
        } catch {
            return .errors(error.errors)
        }
        return .ok
    }

    /// `<cancel-commit>` (RFC 6241 §8.4.4.1).
    public func cancelCommit(persistID: String?, session: SessionID) async -> RPCReplyContent {
        let snapshot: String
        do {
            snapshot = try confirmed.cancel(persistID: persistID, from: session)
        } catch {
            return .errors([error])
        }
        confirmedTimer?.cancel()
        confirmedTimer = nil
        await rollback(to: snapshot, reason: "cancel-commit")
        return .ok
    }

    /// When the confirm timeout passes without a confirming commit, running goes back.
    func expireConfirmedCommit() async {
        guard let snapshot = confirmed.expire(now: .now) else { return }
        confirmedTimer = nil
        await rollback(to: snapshot, reason: "confirm-timeout expired")
    }

    private func armConfirmedTimer(_ deadline: ContinuousClock.Instant) {
        confirmedTimer?.cancel()
        confirmedTimer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.expireConfirmedCommit()
        }
    }

    /// Seconds until a pending confirmed commit rolls back (for tests and monitoring).
    public var confirmedCommitDeadline: ContinuousClock.Instant? { confirmed.deadline }
}
