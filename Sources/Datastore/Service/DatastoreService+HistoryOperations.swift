public import AccessControl
public import NetconfModel
import StateFiles
import YangData

/// The meridian-commits RPCs on the history: label a commit, compare two configurations,
/// roll back to a commit.
extension DatastoreService {
    /// `mcmt:label-commit`: sets the label and comment of a commit (an empty string removes
    /// one); saved with running before the reply, in the commit lane so it is written after
    /// any commit in progress and with it.
    public nonisolated func labelCommit(_ id: UInt64, label: String?, comment: String?) async -> RPCReplyContent {
        let generation: UInt64?
        switch await annotateInLane(id, label: label, comment: comment) {
        case .failure(let error): return .errors([error])
        case .success(let written): generation = written
        }
        guard let generation, let runningWriter else { return .ok }
        do throws(AtomicFile.WriteError) {
            try await runningWriter.waitDurable(generation)
        } catch {
            return .errors([.operationFailed("cannot save the commit history: \(error)")])
        }
        return .ok
    }

    private func annotateInLane(_ id: UInt64, label: String?, comment: String?) async -> Result<UInt64?, RPCError> {
        await inCommitLane { () async -> Result<UInt64?, RPCError> in
            await restoreDurableRunning()
            do throws(CommitLookupError) {
                try commitHistory.annotate(id, label: label, comment: comment)
            } catch {
                return .failure(error.rpcError)
            }
            guard let runningWriter, let files else { return .success(nil) }
            let generation = runningWriter.submit(SharedTree(tree: running).fileRendering(files, history: commitHistory, archive: historyArchive))
            savedRunning.append((generation, running, runningConfiguration, commitHistory), durable: runningWriter.durableGeneration)
            return .success(generation)
        }
    }

    /// `mcmt:compare`: the edits that turn `from` into `to`, as the history shows a commit's
    /// (secret values left out; nodes the user may not read left out of both sides).
    public func compare(from: CommitReference, to: CommitReference, rights: UserRights = .unrestricted) -> RPCReplyContent {
        do throws(HistoryFailure) {
            let old = try readableConfiguration(from, rights: rights)
            let new = try readableConfiguration(to, rights: rights)
            let diff: DataDiff
            do { diff = try old.diff(to: new) } catch { throw .rebuild(0, error.rpcError(in: context)) }
            let xml = CommitHistoryXML.edits(commitEdits.edits(of: diff), namespace: CommitStateXML.namespace)
            return xml.isEmpty ? .ok : .output(xml)
        } catch {
            return .errors([error.rpcError])
        }
    }

    private func readableConfiguration(_ reference: CommitReference, rights: UserRights) throws(HistoryFailure) -> DataTree {
        let tree: DataTree
        switch reference {
        case .running: tree = running
        case .candidate: tree = candidate
        case .commit(let id): tree = try configuration(ofCommit: id)
        }
        do { return try readable(tree, rights: rights) } catch { throw .rebuild(0, error) }
    }

    /// `mcmt:rollback`: puts the configuration of commit `id` in the candidate (with the
    /// write access the user needs for every node that changes there); with `commitNow`,
    /// commits it at once as a plain commit recorded as a rollback. Otherwise the next
    /// `<commit>` (confirmed or not) installs it and records which commit it rolled back to.
    public nonisolated func rollback(
        toCommit id: UInt64, commitNow: Bool, session: SessionID, author: CommitAuthor,
        isOpen: @escaping @Sendable () -> Bool = { true }, rights: UserRights = .unrestricted
    ) async -> RPCReplyContent {
        if let error = await loadCommitIntoCandidate(id, session: session, rights: rights) { return .errors([error]) }
        guard commitNow else { return .ok }
        return await commit(
            confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session, isOpen: isOpen, rights: rights,
            author: author, recordAs: .rollback)
    }

    private func loadCommitIntoCandidate(_ id: UInt64, session: SessionID, rights: UserRights) -> RPCError? {
        if let busy = locks.checkWritable(.candidate, by: session) { return busy }
        let tree: DataTree
        do { tree = try configuration(ofCommit: id) } catch { return error.rpcError }
        if let denied = writeDenied(from: candidate, to: tree, rights: rights) { return denied }
        candidate = tree
        candidateChanges = CandidateChanges(base: nil)
        candidateRolledBackTo = id
        locks.candidateEdited(by: session)
        return nil
    }
}
