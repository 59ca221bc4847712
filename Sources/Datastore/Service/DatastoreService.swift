public import Logging
public import NetconfModel
public import YangData
import StateFiles
import XMLSupport

/// Owns the running, candidate and startup datastores, their locks and the pending
/// confirmed commit, and runs the commit pipeline (validate → prepare → persist → apply →
/// make running), one operation at a time because it is an actor; the steps of a commit
/// that suspend run in the commit lane, so commits never interleave.
///
/// The trees of running and candidate are never changed in place: an edit builds a new
/// tree from a copy, validation works on a copy. So running and candidate can be the same
/// tree, and `candidate === running` means the candidate holds nothing to commit.
public actor DatastoreService {
    public nonisolated let context: YangContext
    let logger: Logger
    let applier: any ConfigApplier
    let validators: [any ConfigValidator]
    let files: DatastoreFiles?
    var running: DataTree {
        didSet {
            runningRenderings.removeAll()
            publishedReads.clear()
        }
    }
    /// Running as validated (its nodes and typed views), set with it at each install.
    var runningConfiguration = ValidatedConfiguration.empty
    /// Replies to reads of running, for sessions to answer without the actor.
    nonisolated let publishedReads = PublishedReads()
    /// Running as printed (and parsed for subtree filtering) per with-defaults mode; running
    /// changes only at commit, so reads between commits need no libyang round trip.
    var runningRenderings: [RenderingKey: Rendering] = [:]
    var candidate: DataTree
    /// What edits touched in the candidate since it was running's tree (for a commit to check
    /// only that).
    var candidateChanges: CandidateChanges
    /// The lists whose untouched entries a commit need not validate again.
    nonisolated let separableLists: SeparableLists
    /// The applier's switch-over to running (a commit that finds nothing to commit waits for
    /// it as for running's file).
    var runningApplied = AppliedChange.done
    var locks = LockTable()
    var confirmed = ConfirmedCommitTracker<ContinuousClock.Instant, String>()
    var confirmedTimer: Task<Void, Never>?
    /// The last time running went back to the configuration before a confirmed commit, for
    /// `<get>` (nil: not since start).
    var lastRollback: RollbackRecord?
    var monitoring = MonitoringState()
    /// Told of each installed change of running and confirmed-commit step (notifications).
    var commitObserver: (any CommitObserver)?
    var commitLane = CommitLane()
    /// Writes running's file with group commit (nil without a state directory).
    let runningWriter: GroupCommitWriter?
    /// Where running goes back to when a write fails; holds running's writer generation.
    var savedRunning: SavedRunning
    /// The writer's generation that holds running (0: nothing handed to the writer yet).
    var runningGeneration: UInt64 { savedRunning.generation }
    /// The commits that led to running, saved with it (``DatastoreService+History``).
    var commitHistory: StoredCommitHistory
    /// The older records, in their own file (nil without a state directory).
    let historyArchive: HistoryArchive?
    /// Reads a commit's diff into the edits `<get>` shows (secret values left out).
    nonisolated let commitEdits: CommitEditsReader
    /// The commit whose configuration `mcmt:rollback` put in the candidate, until the
    /// candidate is committed or reset: the commit that installs it records it.
    var candidateRolledBackTo: UInt64?

    /// - Parameters:
    ///   - stateDirectory: where running and `startup.xml` are saved; nil keeps everything in memory.
    ///   - secrets: how the configuration's secrets are kept in the files (sealed, or in clear
    ///     for a schema that has none).
    ///   - commitHistory: how many commits the history keeps (0: none, nothing recorded).
    ///   - secretPaths: schema paths (`/module:name/...`) of leaves whose values the history
    ///     never shows (`nacm:default-deny-all`).
    public init(
        context: YangContext, stateDirectory: String?, secrets: any StoredSecrets = ClearStoredSecrets(),
        applier: any ConfigApplier = NullConfigApplier(),
        validators: [any ConfigValidator] = [], commitHistory: Int = 0, secretPaths: Set<String> = [],
        logger: Logger = Logger(label: "meridian.datastore")
    ) {
        self.context = context
        self.logger = logger
        self.applier = applier
        self.validators = validators
        let files = stateDirectory.map { DatastoreFiles(directory: $0, secrets: secrets) }
        self.files = files
        runningWriter = files.map { GroupCommitWriter(file: $0.running) }
        running = DataTree(context: context)
        candidate = running
        candidateChanges = CandidateChanges(base: running)
        separableLists = SeparableLists(context: context)
        self.commitHistory = StoredCommitHistory(CommitHistory(limit: commitHistory))
        historyArchive = commitHistory > 0 ? files.map { HistoryArchive(directory: $0.directory) } : nil
        commitEdits = CommitEditsReader(secretPaths: secretPaths)
        savedRunning = SavedRunning(running, history: self.commitHistory)
    }

    /// Loads the persisted running configuration (or, on a fresh state directory, startup)
    /// through the commit pipeline, so the applier sees it like any commit.
    ///
    /// A host boot starts from startup (RFC 6241 §8.7); a restart of the daemon within the
    /// same boot comes back with running as it was saved. The boot is told by `boot`'s id,
    /// recorded beside running after each load: a recorded id other than the current one
    /// means the host booted since. Without a startup datastore running is kept; without a
    /// recorded id (a state directory of a version that kept none) running is kept too.
    @discardableResult
    public func load(boot: BootIdentity = .kernel) async throws(ApplyFailure) -> LoadedConfiguration {
        guard let files else { return .nothing }
        let current = boot.current()
        let recorded = files.read(files.bootRecordPath).map { $0.filter { !$0.isWhitespace } }
        let hostBooted = recorded != nil && current != nil && recorded != current
        let saved = try files.readRunning()
        if let history = saved?.history { restoreCommitHistory(history, archived: try files.readHistoryArchive(historyArchive)) }
        let pendingRollback = try files.readConfiguration(files.confirmedRollbackPath)
        let origin: LoadedConfiguration
        let xml: String
        if let pendingRollback, !hostBooted {
            (origin, xml) = (.confirmedCommitRolledBack, pendingRollback)
        } else if let saved, !hostBooted {
            (origin, xml) = (.runningOfThisBoot, saved.configuration)
        } else if let startup = try files.readConfiguration(files.startupPath) {
            (origin, xml) = (.startup(afterBoot: saved != nil), startup)
        } else if let saved {
            (origin, xml) = (.runningWithoutStartup, saved.configuration)
        } else {
            origin = .nothing
            xml = ""
        }
        if origin != .nothing { try await install(loading: xml, origin: loadOrigin(origin, saved: saved?.configuration)) }
        await sealSecretsLeftInClear(files, loaded: origin)
        if pendingRollback != nil { try forgetConfirmedRollback(files) }
        if origin == .confirmedCommitRolledBack {
            lastRollback = RollbackRecord(reason: "meridiand restarted while a confirmed commit was pending", failure: nil)
        }
        resetCandidate()
        if let current {
            do { try files.write(current + "\n", to: files.bootRecordPath) } catch {
                throw ApplyFailure([.operationFailed("cannot record the boot id in \(files.bootRecordPath): \(error)")])
            }
        }
        return origin
    }

    private func install(loading xml: String, origin: CommitOrigin?) async throws(ApplyFailure) {
        let tree: DataTree
        do {
            tree = try DataTree.parse(xml: xml, context: context)
        } catch {
            throw ApplyFailure(error.map { $0.rpcError(in: context) })
        }
        switch checked(tree) {
        case .failure(let errors): throw ApplyFailure(errors.errors)
        case .success(let validated): try await install(tree, validated: validated, durability: .beforeApply, origin: origin)
        }
    }

    /// Ends what a closed session left: its locks (a candidate lock discards the candidate's
    /// changes) and a confirmed commit it started without persist (rolled back).
    public func sessionEnded(_ session: SessionID) async {
        if locks.sessionEnded(session) { resetCandidate() }
        if let snapshot = confirmed.sessionEnded(session) {
            confirmedTimer?.cancel()
            commitObserver?.confirmedCommit(.cancelled, session: session)
            await rollback(to: snapshot, reason: "session \(session.rawValue) ended")
        }
    }

    /// The candidate's nodes as configured (not validated), for dry runs (`mntp:plan`).
    public func candidateNodes() -> [DataNode] {
        candidate.roots
    }

    // MARK: Shared steps

    func tree(_ name: DatastoreName) -> DataTree? {
        switch name {
        case .running: running
        case .candidate: candidate
        case .startup: startupTree()
        }
    }

    func startupTree() -> DataTree? {
        guard let files else { return nil }
        let xml: String
        do throws(ApplyFailure) {
            guard let read = try files.readConfiguration(files.startupPath) else { return nil }
            xml = read
        } catch {
            logger.error("the startup datastore cannot be read", metadata: [
                "error": "\(error.errors.map { $0.message ?? "\($0.tag)" }.joined(separator: "; "))"])
            return nil
        }
        return try? DataTree.parse(xml: xml, context: context)  // a file that does not parse reads as no startup, as before
    }

    func resetCandidate() {
        candidateRolledBackTo = nil
        candidate = running
        candidateChanges = CandidateChanges(base: running)
        locks.candidateReset()
    }

    /// YANG validation of a copy (defaults added there, not in the datastore) plus the
    /// semantic validators; every error found.
    func validationErrors(_ tree: DataTree) -> [RPCError] {
        if case .failure(let failure) = checked(tree) { return failure.errors }
        return []
    }

    /// ``validationErrors(_:)``, or on success the validated configuration the applier is
    /// given. YANG validation runs on a copy (it adds defaults); the semantic validators
    /// and the applier read the nodes as configured and take an absent leaf as its default,
    /// which keeps the snapshot to what was configured (a third of the nodes, for servers).
    nonisolated func checked(_ tree: DataTree) -> Result<ValidatedConfiguration, ApplyFailure> {
        let copy = tree.duplicate()
        do {
            try copy.validate()
        } catch {
            return .failure(ApplyFailure(error.map { $0.rpcError(in: context) }))
        }
        return semanticallyChecked(tree.roots)
    }

    /// The nodes of a tree that passed YANG validation as a ``ValidatedConfiguration``, or
    /// the errors the semantic validators find in it.
    private nonisolated func semanticallyChecked(_ nodes: [DataNode]) -> Result<ValidatedConfiguration, ApplyFailure> {
        let validated = ValidatedConfiguration(validated: nodes)
        let errors = validators.flatMap { $0.validate(validated) }
        return errors.isEmpty ? .success(validated) : .failure(ApplyFailure(declaringPathPrefixes(errors)))
    }

    /// ``checked(_:)`` on the cooperative pool instead of the actor: a commit validates while
    /// sessions go on editing and reading. The tree is shared for the time (held here), so
    /// edits copy the candidate rather than change it in place. With a `plan`, the entries
    /// of separable lists that the candidate's edits did not touch are left out of the YANG
    /// validation (they are as in running, which is valid, and nothing else depends on
    /// them), and their snapshots are taken from running's; when that smaller tree is not
    /// valid the whole one is checked, so the errors are the same as without a plan.
    @concurrent
    nonisolated func checkedOffActor(_ shared: SharedTree, plan: CommitCheckPlan?) async -> Result<ValidatedConfiguration, ApplyFailure> {
        guard let plan else { return checked(shared.tree) }
        let scratch = shared.tree.duplicate(leavingOut: plan.lists)
        do {
            try scratch.validate()
        } catch {
            return checked(shared.tree)
        }
        return semanticallyChecked(shared.tree.roots(reusing: plan.unchanged))
    }

    /// How a new running configuration reaches its file.
    enum Durability {
        /// On disk before the applier switches over; a failed write changes nothing.
        case beforeApply
        /// Handed to the group-commit writer and applied at once; the caller awaits the
        /// returned generation before it replies (``commit(confirmed:timeout:persist:persistID:session:)``).
        case grouped
    }

    /// What a commit waits for, after the commit lane, before it replies: the applier's
    /// switch-over to the new running configuration and (group commit) its file.
    struct InstalledRunning: Sendable {
        var applied: AppliedChange
        var generation: UInt64?
    }

    /// Makes `tree` the running configuration, in the commit lane (``installHoldingLane``),
    /// and waits until the applier has switched over.
    @discardableResult
    func install(
        _ tree: DataTree, validated: ValidatedConfiguration, durability: Durability, origin: CommitOrigin? = nil
    ) async throws(ApplyFailure) -> UInt64? {
        let installed = try await inCommitLane { () async throws(ApplyFailure) -> InstalledRunning in
            // A write failed and nobody has gone back yet: do it before building on running.
            await restoreDurableRunning()
            return try await installHoldingLane(tree, validated: validated, durability: durability, origin: origin)
        }
        await installed.applied.wait()
        return installed.generation
    }

    /// Makes `tree` the running configuration; the caller holds the commit lane and has
    /// gone back after a failed write: prepare through the applier, persist (see
    /// ``Durability``), apply (which cannot fail). Throws, leaving running and the applier
    /// as they were, when prepare fails or (`beforeApply`) the write fails. `tree` is taken
    /// over (not copied); `validated` is what its validation made of it. The switch-over is
    /// handed to the applier, not awaited (the lane is free for the next commit as soon as
    /// the applier has it in order); returns it with the generation to await for `grouped`.
    /// With an `origin`, the commit is recorded in the history, which is written with it.
    func installHoldingLane(
        _ tree: DataTree, validated: ValidatedConfiguration, durability: Durability, origin: CommitOrigin? = nil
    ) async throws(ApplyFailure) -> InstalledRunning {
        let prepared: PreparedChange
        do throws(ApplyFailure) {
            prepared = try await applier.prepare(validated)
        } catch {
            throw ApplyFailure(declaringPathPrefixes(error.errors))
        }
        let historyBefore = commitHistory
        if let origin { recordCommit(origin, installing: tree, steps: prepared.steps) }
        var awaited: UInt64?
        if let runningWriter, let files {
            // Printed on the writer thread, and only if no newer running supersedes it first.
            let generation = runningWriter.submit(SharedTree(tree: tree).fileRendering(files, history: commitHistory, archive: historyArchive))
            switch durability {
            case .beforeApply:
                do throws(AtomicFile.WriteError) {
                    try await runningWriter.waitDurable(generation)
                } catch {
                    await prepared.abort()
                    commitHistory = historyBefore
                    let restoreFailures = await restoreDurableRunning()
                    throw ApplyFailure([.operationFailed("cannot save the running configuration: \(error)")] + restoreFailures)
                }
            case .grouped:
                awaited = generation
            }
            savedRunning.append((generation, tree, validated, commitHistory), durable: runningWriter.durableGeneration)
        }
        let applied = prepared.apply()
        running = tree
        runningConfiguration = validated
        runningApplied = applied
        return InstalledRunning(applied: applied, generation: awaited)
    }

    /// A commit's configuration was lost to a failed write: running (and the applier) go
    /// back to what is on disk, the candidate keeps the changes (marked as edited by
    /// `session`), and the returned error says so.
    func durabilityFailed(_ error: AtomicFile.WriteError, session: SessionID) async -> ApplyFailure {
        let restoreFailures = await inCommitLane { await restoreDurableRunning() }
        locks.candidateEdited(by: session)
        return ApplyFailure([.operationFailed(
            "cannot save the running configuration: \(error); running is back at the saved configuration and the candidate keeps the changes")]
            + restoreFailures)
    }

    /// After a failed write (in the commit lane): running and the applier go back to the
    /// newest configuration on disk, and the writer takes new contents again. Returns (and
    /// logs at error) the applier's refusal to go back: running is then the configuration on
    /// disk while the applier still runs the lost one, until the next commit moves it.
    @discardableResult
    func restoreDurableRunning() async -> [RPCError] {
        guard let runningWriter, runningWriter.hasFailed else { return [] }
        let (_, target, configuration, history) = savedRunning.goBack(durable: runningWriter.durableGeneration)
        // The commits lost with the write leave the history too.
        commitHistory = history
        historyArchive?.invalidate()
        var failures: [RPCError] = []
        if target !== running {
            do throws(ApplyFailure) {
                let prepared = try await applier.prepare(configuration)
                await prepared.apply().wait()
            } catch {
                failures = declaringPathPrefixes(error.errors).map {
                    var failure = $0
                    failure.message = "going back to the saved running configuration: \($0.message ?? "\($0.tag)")"
                    return failure
                }
                logger.error("cannot apply the saved running configuration again after a failed write", metadata: [
                    "error": "\(failures.map { $0.message ?? "" }.joined(separator: "; "))"])
            }
            running = target
            runningConfiguration = configuration
            runningApplied = .done
        }
        runningWriter.reset()
        return failures
    }

    /// Waits until every running configuration handed to the writer is on disk (shutdown);
    /// a failed write is logged at error (the last commits are then lost at the restart).
    public func flush() async {
        await historyArchive?.flush()
        guard let runningWriter else { return }
        do {
            try await runningWriter.waitDurable(runningWriter.submittedGeneration)
        } catch {
            logger.error("cannot save the running configuration at shutdown", metadata: ["error": "\(error)"])
        }
    }

    /// Validators and appliers write error paths with module-name prefixes and leave their
    /// declaration to the datastore, which knows every module's namespace.
    nonisolated func declaringPathPrefixes(_ errors: [RPCError]) -> [RPCError] {
        errors.map { error in
            guard error.pathNamespaces.isEmpty, let path = error.path else { return error }
            var declared = error
            declared.pathNamespaces = YangError.prefixes(in: path, context: context)
            return declared
        }
    }

    /// Puts running back to `snapshot` (the configuration before a confirmed commit). A
    /// failure is logged at error and kept for `<get>`; the rollback record stays on disk, so
    /// a restart still rolls back.
    func rollback(to snapshot: String, reason: String) async {
        do throws(ApplyFailure) {
            let tree: DataTree
            do { tree = try DataTree.parse(xml: snapshot, context: context) } catch {
                throw ApplyFailure(error.map { $0.rpcError(in: context) })
            }
            let origin = CommitOrigin(author: .agent, kind: .confirmedCommitRollback, comment: reason)
            let previous = running
            _ = try await install(tree, validated: try checked(tree).get(), durability: .beforeApply, origin: origin)
            commitObserver?.runningChanged(RunningChange(before: previous, after: tree, session: nil))
            if let files { try forgetConfirmedRollback(files) }
            lastRollback = RollbackRecord(reason: reason, failure: nil)
            logger.notice("confirmed commit rolled back", metadata: ["reason": "\(reason)"])
        } catch {
            let message = error.errors.map { $0.message ?? "\($0.tag)" }.joined(separator: "; ")
            lastRollback = RollbackRecord(reason: reason, failure: message)
            logger.error("confirmed commit rollback failed", metadata: ["reason": "\(reason)", "error": "\(message)"])
        }
        resetCandidate()
    }

    /// From now on, `observer` hears of each change of running and confirmed-commit step.
    public func observeCommits(_ observer: any CommitObserver) { commitObserver = observer }

    /// Saves running as it is before a confirmed commit starts (fsynced before it applies).
    func recordConfirmedRollback(_ snapshot: String, in files: DatastoreFiles) throws(ApplyFailure) {
        do { try files.writeConfiguration(snapshot, to: files.confirmedRollbackPath) } catch {
            throw ApplyFailure([.operationFailed("cannot save the configuration to roll back to: \(error)")])
        }
    }

    /// The pending confirmed commit was confirmed or rolled back: its record goes.
    func forgetConfirmedRollback(_ files: DatastoreFiles) throws(ApplyFailure) {
        guard files.read(files.confirmedRollbackPath) != nil else { return }
        guard files.remove(files.confirmedRollbackPath) else {
            throw ApplyFailure([.operationFailed("cannot remove \(files.confirmedRollbackPath)")])
        }
    }
}
