public import AccessControl
public import NetconfModel
public import XMLSupport
import YangData

extension DatastoreService {
    /// `<edit-config>` on the candidate (RFC 6241 §7.2), parsing `config` here.
    public func editConfig(
        _ target: DatastoreName, options: EditOptions, config: XMLElement, session: SessionID, rights: UserRights = .unrestricted
    ) -> RPCReplyContent {
        editConfig(target, options: options, edit: ParsedEdit(config: config, context: context), session: session, rights: rights)
    }

    /// `<edit-config>` on the candidate (RFC 6241 §7.2) of an edit parsed before the actor
    /// was entered. The candidate changes only when the error option allows: a plain merge
    /// into a candidate nobody else holds (not running, not a commit in progress) changes it
    /// in place, since such a merge cannot fail half-way; every other edit is applied to a
    /// copy that replaces the candidate. A user NACM restricts edits a copy, checked against
    /// the candidate before it replaces it (RFC 8341 §3.4.5).
    public func editConfig(
        _ target: DatastoreName, options: EditOptions, edit: sending ParsedEdit, session: SessionID,
        rights: UserRights = .unrestricted
    ) -> RPCReplyContent {
        guard target == .candidate else {
            return .errors([.operationNotSupported(operation: "edit-config", message: "edit the candidate and commit (:writable-running is not offered)")])
        }
        if let busy = locks.checkWritable(target, by: session) { return .errors([busy]) }
        // Under continue-on-error the valid rest of an edit still applies: bad nodes are
        // reported and stay behind as opaque nodes the applier skips.
        let keepPartial = options.errorOption == .continueOnError
        guard let tree = edit.tree else { return .errors(edit.problems) }
        if !edit.problems.isEmpty, !keepPartial { return .errors(edit.problems) }
        var errors = edit.problems
        // A plain merge is checked from the edit itself (and may then be applied in place);
        // any other edit of a restricted user by comparing the candidate before and after.
        let plainMerge = edit.isPlainMerge(options)
        let checkedFromEdit = plainMerge && !rights.writesEverything
        if checkedFromEdit, let denied = plainMergeDenied(edit.roots, into: candidate, rights: rights) { return .errors([denied]) }
        let inPlace = options.testOption != .testOnly && plainMerge && isKnownUniquelyReferenced(&candidate)
        let result: EditApplier
        if inPlace {
            result = EditApplier.apply(tree, roots: edit.roots, to: candidate, options: options, context: context)
            if result.changed {
                candidateChanges.record(edit.roots, options: options, lists: separableLists)
                locks.candidateEdited(by: session)
            }
            return result.errors.isEmpty ? .ok : .errors(result.errors)
        }
        let copy = candidate.duplicate()
        result = EditApplier.apply(tree, roots: edit.roots, to: copy, options: options, context: context, skippingInvalid: keepPartial)
        errors += result.errors
        if result.changed, !checkedFromEdit, let denied = writeDenied(from: candidate, to: copy, rights: rights) {
            return .errors([denied])
        }
        if (errors.isEmpty || keepPartial), options.testOption != .testOnly, result.changed {
            candidate = copy
            candidateChanges.record(edit.roots, options: options, lists: separableLists)
            locks.candidateEdited(by: session)
        }
        return errors.isEmpty ? .ok : .errors(errors)
    }

    /// `<copy-config>` (RFC 6241 §7.3): into the candidate or startup, from a datastore or inline.
    /// The source is what `rights` may read of it; the change to the target must be writable.
    public func copyConfig(
        _ target: DatastoreName, source: ConfigSource, session: SessionID, rights: UserRights = .unrestricted
    ) -> RPCReplyContent {
        if let busy = locks.checkWritable(target, by: session) { return .errors([busy]) }
        let tree: DataTree
        switch source {
        case .datastore(let name):
            guard name != target else { return .errors([.invalidValue("source and target are the same datastore", type: .protocol)]) }
            guard let found = self.tree(name) else { return .errors([.invalidValue("the startup datastore does not exist", type: .protocol)]) }
            do {
                tree = try readable(found, rights: rights)  // shared: datastore trees are never changed in place
            } catch {
                return .errors([error])
            }
        case .inline(let config):
            do {
                tree = try DataTree.parse(xml: Self.content(of: config), context: context)
            } catch {
                return .errors(error.map { $0.rpcError(in: context) })
            }
        }
        if target != .running, let denied = writeDenied(from: self.tree(target), to: tree, rights: rights) {
            return .errors([denied])
        }
        switch target {
        case .candidate:
            candidate = tree
            // A copy of running is running's tree itself; anything else can differ anywhere.
            candidateChanges = CandidateChanges(base: tree === running ? running : nil)
            locks.candidateEdited(by: session)
            return .ok
        case .startup:
            let errors = validationErrors(tree)
            guard errors.isEmpty else { return .errors(errors) }
            guard let files else { return .ok }
            do {
                try files.writeConfiguration(try tree.printXML(), to: files.startupPath)
            } catch {
                return .errors([.operationFailed("cannot save the startup configuration: \(error)")])
            }
            return .ok
        case .running:
            return .errors([.operationNotSupported(operation: "copy-config", message: "running changes only through commit")])
        }
    }

    /// `<delete-config>` of startup (RFC 6241 §7.4).
    public func deleteConfig(_ target: DatastoreName, session: SessionID, rights: UserRights = .unrestricted) -> RPCReplyContent {
        if let busy = locks.checkWritable(target, by: session) { return .errors([busy]) }
        if let startup = self.tree(target), let denied = writeDenied(from: startup, to: DataTree(context: context), rights: rights) {
            return .errors([denied])
        }
        guard let files, files.remove(files.startupPath) else {
            return .errors([.dataMissing(message: "the startup datastore does not exist")])
        }
        return .ok
    }

    /// `<discard-changes>` (RFC 6241 §8.3.4.2).
    public func discardChanges(session: SessionID) -> RPCReplyContent {
        if let busy = locks.checkWritable(.candidate, by: session) { return .errors([busy]) }
        resetCandidate()
        return .ok
    }

    /// `<lock>`. `isOpen` is checked in the same step that grants the lock: a session whose end
    /// has been handled already never gets one (nobody would release it).
    public func lock(_ target: DatastoreName, session: SessionID, isOpen: @Sendable () -> Bool = { true }) -> RPCReplyContent {
        guard isOpen() else { return .errors([.operationFailed("the session has ended", type: .protocol)]) }
        if let refused = locks.lock(target, by: session) { return .errors([refused]) }
        monitoring.lockTimes[target] = UTCTimestamp.now()
        return .ok
    }

    /// `<unlock>`. Releasing the candidate lock discards the changes not yet committed, as a
    /// session end does (RFC 6241 §8.3.5.2: "outstanding changes are discarded when the lock
    /// is released"); while the lock was held they could only be the holder's, since a dirty
    /// candidate cannot be locked and nobody else may edit a locked one.
    public func unlock(_ target: DatastoreName, session: SessionID) -> RPCReplyContent {
        if let refused = locks.unlock(target, by: session) { return .errors([refused]) }
        monitoring.lockTimes[target] = nil
        if target == .candidate { resetCandidate() }
        return .ok
    }

    /// The children of a `<config>` element as a self-contained XML fragment.
    static func content(of config: XMLElement) -> String {
        XMLWriter.serialize(fragment: config.children)
    }
}
