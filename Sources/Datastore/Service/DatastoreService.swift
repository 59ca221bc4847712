public import NetconfModel
public import YangData
import XMLSupport

/// Owns the running, candidate and startup datastores, their locks and the pending
/// confirmed commit, and runs the commit pipeline (validate → prepare → apply → make
/// running → persist), one operation at a time because it is an actor.
public actor DatastoreService {
    public let context: YangContext
    let applier: any ConfigApplier
    let validators: [any ConfigValidator]
    let files: DatastoreFiles?
    var running: DataTree {
        didSet { runningRenderings.removeAll() }
    }
    /// Running as printed (and parsed for subtree filtering) per with-defaults mode; running
    /// changes only at commit, so reads between commits need no libyang round trip.
    var runningRenderings: [WithDefaultsMode: Rendering] = [:]
    var candidate: DataTree
    var locks = LockTable()
    var confirmed = ConfirmedCommitTracker<ContinuousClock.Instant, String>()
    var confirmedTimer: Task<Void, Never>?
    var advertisedCapabilities: [String] = []
    var stateSources: [any StateSource] = []
    var lockTimes: [DatastoreName: String] = [:]

    /// - Parameter stateDirectory: where `running.xml`/`startup.xml` live; nil keeps everything in memory.
    public init(
        context: YangContext, stateDirectory: String?, applier: any ConfigApplier = NullConfigApplier(),
        validators: [any ConfigValidator] = []
    ) {
        self.context = context
        self.applier = applier
        self.validators = validators
        self.files = stateDirectory.map(DatastoreFiles.init(directory:))
        running = DataTree(context: context)
        candidate = DataTree(context: context)
    }

    /// Loads the persisted running configuration (or, on a fresh state directory, startup)
    /// through the commit pipeline, so the applier sees it like any commit.
    public func load() async throws(ApplyFailure) {
        guard let files else { return }
        guard let xml = files.read(files.runningPath) ?? files.read(files.startupPath) else { return }
        let tree: DataTree
        do {
            tree = try DataTree.parse(xml: xml, context: context)
        } catch {
            throw ApplyFailure(error.map { $0.rpcError(in: context) })
        }
        let errors = validationErrors(tree)
        guard errors.isEmpty else { throw ApplyFailure(errors) }
        try await install(tree, persist: true)
        resetCandidate()
    }

    /// Ends what a closed session left: its locks (a candidate lock discards the candidate's
    /// changes) and a confirmed commit it started without persist (rolled back).
    public func sessionEnded(_ session: SessionID) async {
        if locks.sessionEnded(session) { resetCandidate() }
        if let snapshot = confirmed.sessionEnded(session) {
            confirmedTimer?.cancel()
            await rollback(to: snapshot, reason: "session \(session.rawValue) ended")
        }
    }

    /// Snapshots of running and candidate, for dry runs that compare them.
    public func configurationNodes() -> (running: [DataNode], candidate: [DataNode]) {
        (running.roots, candidate.roots)
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
        guard let files, let xml = files.read(files.startupPath) else { return nil }
        return try? DataTree.parse(xml: xml, context: context)
    }

    func resetCandidate() {
        candidate = running.duplicate()
        locks.candidateReset()
    }

    /// YANG validation of a copy (defaults added there, not in the datastore) plus the
    /// semantic validators; every error found.
    func validationErrors(_ tree: DataTree) -> [RPCError] {
        let copy = tree.duplicate()
        do {
            try copy.validate()
        } catch {
            return error.map { $0.rpcError(in: context) }
        }
        let nodes = copy.roots
        return validators.flatMap { $0.validate(nodes) }
    }

    /// Makes `tree` the running configuration: prepare through the applier, make it durable,
    /// then apply (which cannot fail). Throws, leaving running, the file and the applier as
    /// they were, when prepare or the write fails.
    func install(_ tree: DataTree, persist: Bool) async throws(ApplyFailure) {
        let prepared = try await applier.prepare(from: running.roots, to: tree.roots)
        if persist, let files {
            do {
                try files.write(try tree.printXML(), to: files.runningPath)
            } catch {
                await prepared.abort()
                throw ApplyFailure([.operationFailed("cannot save the running configuration: \(error)")])
            }
        }
        await prepared.apply()
        running = tree.duplicate()
    }

    func rollback(to snapshot: String, reason: String) async {
        guard let tree = try? DataTree.parse(xml: snapshot, context: context) else { return }
        try? await install(tree, persist: true)
        resetCandidate()
    }
}
