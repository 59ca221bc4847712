public import AccessControl
public import NetconfModel
import YangData

extension DatastoreService {
    /// `<validate>` (RFC 6241 §8.6): the same checks as commit, nothing changed. The actor
    /// only hands out the datastore's tree (never changed in place); parsing inline content
    /// and validating run on the cooperative pool, so a long validation does not hold the
    /// actor while other sessions edit and commit.
    public nonisolated func validate(_ source: ConfigSource) async -> RPCReplyContent {
        let shared: SharedTree
        switch source {
        case .datastore(let name):
            guard let found = await sharedTree(name) else {
                return .errors([.invalidValue("the startup datastore does not exist", type: .protocol)])
            }
            shared = found
        case .inline(let config):
            do {
                shared = SharedTree(tree: try DataTree.parse(xml: Self.content(of: config), context: context))
            } catch {
                return .errors(error.map { $0.rpcError(in: context) })
            }
        }
        return await validateOffActor(shared)
    }

    @concurrent
    private nonisolated func validateOffActor(_ shared: SharedTree) async -> RPCReplyContent {
        if case .failure(let failure) = checked(shared.tree) { return .errors(failure.errors) }
        return .ok
    }

    /// `<commit>` (RFC 6241 §8.3.4.1, §8.4): validate the candidate, classify the commit
    /// (plain, confirmed, confirming), install it and persist it.
    ///
    /// The candidate is shared by every session (§8.3.1), and a commit takes it as it is
    /// when the commit's turn in the commit lane comes: edits made while earlier commits were
    /// in the lane go with it. A plain commit whose turn finds the candidate already running
    /// (an earlier commit took it) has nothing to validate or apply; like every plain commit
    /// it replies once that running configuration is on disk. Sessions that edit and commit
    /// at the same time so share validations and applies.
    ///
    /// Not isolated: the wait for the disk is outside the actor, so a reply does not queue
    /// for the actor again once its configuration is durable; only a failed write goes back.
    ///
    /// `isOpen` is checked in the step that registers a confirmed commit: one from a session
    /// whose end has been handled is refused (it would have been rolled back at once).
    ///
    /// `rights`: the committing user needs write access to every change the candidate holds,
    /// other sessions' edits included (RFC 8341 §3.4.5).
    ///
    /// `author`: whom the commit history records; `recordAs` overrides the kind recorded
    /// (`mcmt:rollback` committing at once). The history gets one record per new running
    /// configuration, made where running is installed, and attributed to the commit that
    /// validated and applied it: a commit that finds its edits already committed by an
    /// earlier one in the lane records nothing (its edits are in that commit's diff).
    public nonisolated func commit(
        confirmed isConfirmed: Bool, timeout: Duration, persist: String?, persistID: String?, session: SessionID,
        isOpen: @escaping @Sendable () -> Bool = { true }, rights: UserRights = .unrestricted,
        author: CommitAuthor = .agent, recordAs: CommitKind? = nil
    ) async -> RPCReplyContent {
        let installed: InstalledRunning
        switch await commitInstalling(
            confirmed: isConfirmed, timeout: timeout, persist: persist, persistID: persistID, session: session, isOpen: isOpen,
            rights: rights, origin: CommitOrigin(author: author, kind: recordAs ?? .commit)) {
        case .failure(let failure): return .errors(failure.errors)
        case .success(let done): installed = done
        }
        await installed.applied.wait()
        guard let awaited = installed.generation, let runningWriter else { return .ok }
        do {
            try await runningWriter.waitDurable(awaited)
        } catch {
            return .errors(await durabilityFailed(error, session: session).errors)
        }
        return .ok
    }

    /// The part of ``commit(confirmed:timeout:persist:persistID:session:)`` on the actor:
    /// returns what to wait for before replying.
    private func commitInstalling(
        confirmed isConfirmed: Bool, timeout: Duration, persist: String?, persistID: String?, session: SessionID,
        isOpen: @escaping @Sendable () -> Bool, rights: UserRights, origin: CommitOrigin
    ) async -> Result<InstalledRunning, ApplyFailure> {
        if let busy = locks.checkWritable(.running, by: session) { return .failure(ApplyFailure([busy])) }
        var request = ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitRequest()
        request.confirmed = isConfirmed
        request.timeout = timeout
        request.persist = persist
        request.persistID = persistID
        if isNothingToCommit(request) { return .success(InstalledRunning(applied: runningApplied, generation: runningGeneration)) }
        do {
            return .success(try await inCommitLane { () async throws(ApplyFailure) -> InstalledRunning in
                await restoreDurableRunning()
                return try await commitHoldingLane(request, session: session, isOpen: isOpen, rights: rights, origin: origin)
            })
        } catch {
            return .failure(error)
        }
    }

    /// A plain commit (nothing confirmed pending) of a candidate that is running already; the
    /// candidate then counts as unedited (edits that ended where running is included).
    private func isNothingToCommit(_ request: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitRequest) -> Bool {
        guard !request.confirmed, request.persistID == nil, confirmed.pending == nil, candidate === running else { return false }
        locks.candidateReset()
        return true
    }

    /// The commit's turn in the lane: returns the switch-over and the generation to await
    /// before replying (plain commits are group-committed: applied now, acknowledged once on
    /// disk); confirmed commits are on disk before they apply, so a failed write leaves the
    /// confirmed-commit state as it was.
    private func commitHoldingLane(
        _ request: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitRequest, session: SessionID,
        isOpen: @Sendable () -> Bool, rights: UserRights, origin: CommitOrigin
    ) async throws(ApplyFailure) -> InstalledRunning {
        // Checked again: the lock may have been taken while this commit waited.
        if let busy = locks.checkWritable(.running, by: session) { throw ApplyFailure([busy]) }
        if isNothingToCommit(request) { return InstalledRunning(applied: runningApplied, generation: runningGeneration) }
        if let denied = commitDenied(rights: rights) { throw ApplyFailure([denied]) }
        let target = candidate
        let targetChanges = candidateChanges
        // Edits made from here on are changes to the tree this commit installs.
        candidateChanges = CandidateChanges(base: target)
        let plan = targetChanges.plan(running: running, runningRoots: runningConfiguration.nodes, lists: separableLists)
        logger.debug("commit validation", metadata: ["checked-in-part": "\(plan != nil)"])
        let validated: ValidatedConfiguration
        switch await checkedOffActor(SharedTree(tree: target), plan: plan) {
        case .failure(let failure):
            candidateChanges = targetChanges.followed(by: candidateChanges)
            throw failure
        case .success(let configuration): validated = configuration
        }
        let before = confirmed
        let kind: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitKind
        do throws(ApplyFailure) {
            // The same step as the registration below: a session already gone gets nothing pending.
            if request.confirmed, request.persist == nil, !isOpen() {
                throw ApplyFailure([.operationFailed("the session has ended", type: .protocol)])
            }
            let rollbackXML = request.confirmed && confirmed.pending == nil ? try printedRunning() : ""
            do throws(RPCError) {
                kind = try confirmed.commit(request, from: session, now: .now) { rollbackXML }
            } catch {
                throw ApplyFailure([error])
            }
            if case .confirmedStarted = kind, let files { try recordConfirmedRollback(rollbackXML, in: files) }
        } catch {
            confirmed = before
            candidateChanges = targetChanges.followed(by: candidateChanges)
            throw error
        }
        let installed: InstalledRunning
        let previous = running
        do {
            installed = try await installHoldingLane(
                target, validated: validated, durability: kind == .plain ? .grouped : .beforeApply, origin: origin.committing(kind, plan: plan, entries: targetChanges.onlyEntries(since: running)))
            if kind == .confirming, let files { try forgetConfirmedRollback(files) }
        } catch {
            if case .confirmedStarted = kind, let files, (try? forgetConfirmedRollback(files)) == nil {
                logger.error("cannot remove the rollback record of a confirmed commit that failed", metadata: [
                    "file": "\(files.confirmedRollbackPath)"])
            }
            confirmed = before
            candidateChanges = targetChanges.followed(by: candidateChanges)
            throw error
        }
        // Edits that came while the commit was in prepare are still to commit.
        if candidate === running { locks.candidateReset() }
        notifyCommitted(kind, timeout: request.timeout, change: RunningChange(before: previous, after: target, session: session))
        switch kind {
        case .confirmedStarted(let deadline), .confirmedExtended(let deadline):
            armConfirmedTimer(deadline)
        case .confirming, .plain:
            confirmedTimer?.cancel()
            confirmedTimer = nil
        }
        return installed
    }

    /// Running as XML, for the configuration a confirmed commit rolls back to.
    private func printedRunning() throws(ApplyFailure) -> String {
        do { return try running.printXML() } catch {
            throw ApplyFailure([error.rpcError(in: context)])
        }
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
        commitObserver?.confirmedCommit(.cancelled, session: session)
        await rollback(to: snapshot, reason: "cancel-commit")
        return .ok
    }

    /// When the confirm timeout passes without a confirming commit, running goes back.
    func expireConfirmedCommit() async {
        guard let snapshot = confirmed.expire(now: .now) else { return }
        confirmedTimer = nil
        commitObserver?.confirmedCommit(.timedOut, session: nil)
        await rollback(to: snapshot, reason: "confirm-timeout expired")
    }

    /// Tells the observer of an installed commit and of its confirmed-commit step.
    private func notifyCommitted(
        _ kind: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitKind, timeout: Duration, change: RunningChange
    ) {
        guard let commitObserver else { return }
        commitObserver.runningChanged(change)
        switch kind {
        case .plain: break
        case .confirmedStarted: commitObserver.confirmedCommit(.started(timeout: timeout), session: change.session)
        case .confirmedExtended: commitObserver.confirmedCommit(.extended(timeout: timeout), session: change.session)
        case .confirming: commitObserver.confirmedCommit(.confirmed, session: change.session)
        }
    }

    private func armConfirmedTimer(_ deadline: ContinuousClock.Instant) {
        confirmedTimer?.cancel()
        confirmedTimer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.expireConfirmedCommit()
        }
    }
}
