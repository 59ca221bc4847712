import YangData

extension DatastoreService {
    /// Records the commit that makes `tree` running (called where running is installed, in
    /// the commit lane): its diff from running (or from `origin.base`), the edits shown from
    /// it, and the applier's steps. A load at start that changes nothing is not recorded.
    func recordCommit(_ origin: CommitOrigin, installing tree: DataTree, steps: [ConfigStep]) {
        guard commitHistory.isEnabled else { return }
        var rolledBackTo: UInt64?
        if origin.takesCandidate {
            rolledBackTo = candidateRolledBackTo
            candidateRolledBackTo = nil
        }
        var diffXML = ""
        var edits: [CommitEdit] = []
        do {
            let diff = try commitDiff(origin, to: tree)
            diffXML = try diff.printXML()
            edits = commitEdits.edits(of: diff)
        } catch {
            // Only libyang running out of memory (or a saved file changed under the agent)
            // gets here; the record then has no diff, and rolling back across it rebuilds a
            // configuration without this commit's changes.
            logger.error("cannot compute the diff of a commit for the history", metadata: ["error": "\(error)"])
        }
        if origin.kind == .load, diffXML.isEmpty { return }
        commitHistory.append(CommitRecord(
            id: 0, time: UTCTimestamp.now(), author: origin.author, kind: origin.kind, comment: origin.comment,
            rolledBackTo: rolledBackTo, diff: diffXML, edits: edits, steps: steps))
    }

    /// What the commit changes, computed at the cost of what it changed where the commit
    /// pipeline knows it: only list entries (each compared alone), or list entries plus other
    /// nodes (the untouched entries left out of both trees); else the whole trees. A load
    /// diffs from the configuration saved before it.
    private func commitDiff(_ origin: CommitOrigin, to tree: DataTree) throws -> DataDiff {
        if let xml = origin.base { return try DataTree.parse(xml: xml, context: context).diff(to: tree) }
        if let entries = origin.onlyEntries, let narrow = try running.diff(to: tree, onlyEntries: entries) { return narrow }
        if let lists = origin.unchangedEntries {
            return try running.duplicate(leavingOut: lists).diff(to: tree.duplicate(leavingOut: lists))
        }
        return try running.diff(to: tree)
    }

    /// The history saved in running's file and the archive, read at load: the commits on
    /// disk are those below running's next id (an archive written just before a crash may
    /// hold later ones), and running's own records win. A history that cannot be read is
    /// logged at error and started afresh: running itself is loaded all the same.
    func restoreCommitHistory(_ text: String, archived: String?) {
        guard commitHistory.isEnabled else { return }
        do {
            let reader = commitEdits
            let context = context
            let edits = { (xml: String) throws -> [CommitEdit] in
                xml.isEmpty ? [] : reader.edits(of: try DataDiff.parse(xml: xml, context: context))
            }
            let (newest, nextID) = try CommitHistoryCoding.decode(text, edits: edits)
            let older = try archived.map { try CommitHistoryCoding.decode($0, edits: edits).records } ?? []
            let cut = newest.first?.id ?? nextID
            let records = older.filter { $0.id < cut } + newest
            commitHistory = StoredCommitHistory(CommitHistory(limit: commitHistory.history.limit, records: records, nextID: nextID))
            savedRunning = SavedRunning(running, history: commitHistory)
        } catch {
            logger.error("the commit history saved with running cannot be read; it starts empty", metadata: ["error": "\(error)"])
        }
    }

    /// How a load at start is recorded: not at all when running comes back as saved; as the
    /// rollback of a pending confirmed commit, or as a load, diffed from the saved running.
    func loadOrigin(_ loaded: LoadedConfiguration, saved: String?) -> CommitOrigin? {
        switch loaded {
        case .nothing, .runningOfThisBoot: return nil
        case .confirmedCommitRolledBack:
            return CommitOrigin(
                author: .agent, kind: .confirmedCommitRollback, comment: "meridiand restarted while a confirmed commit was pending",
                base: saved)
        case .startup(let afterBoot):
            return CommitOrigin(author: .agent, kind: .load, comment: afterBoot ? "startup, after a host boot" : "startup", base: saved)
        case .runningWithoutStartup:
            return CommitOrigin(author: .agent, kind: .load, comment: "running as saved, after a host boot", base: saved)
        }
    }

    /// The configuration commit `id` installed: running with the diffs of every later commit
    /// undone, newest first.
    func configuration(ofCommit id: UInt64) throws(HistoryFailure) -> DataTree {
        let later: ArraySlice<CommitRecord>
        do { later = try commitHistory.history.records(after: id) } catch { throw .lookup(error) }
        let tree = running.duplicate()
        do throws(YangError) {
            for record in later.reversed() where !record.diff.isEmpty {
                try tree.apply(try DataDiff.parse(xml: record.diff, context: context).reversed())
            }
        } catch {
            throw .rebuild(id, error.rpcError(in: context))
        }
        return tree
    }
}
