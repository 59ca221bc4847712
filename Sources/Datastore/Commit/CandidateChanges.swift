import YangData

/// What the edits since the candidate was a given running tree have touched, so that a
/// commit checks only that: the entries of separable lists (``SeparableLists``) touched, by
/// data path, and the schema paths of every other node an edit set, created, deleted or
/// moved. It can only over-state a change (a touched node may have kept its value), never
/// miss one; anything it cannot follow (a copy-config into the candidate, a replace of the
/// whole datastore) makes it `unknown`, and a commit then checks everything.
struct CandidateChanges {
    /// The running tree the candidate started from; the record is of use only while that
    /// tree is still running (weak: a tree no longer held anywhere cannot be running).
    weak var base: DataTree?
    var entries: Set<String> = []
    var outside: Set<String> = []
    var unknown = false

    init(base: DataTree?) {
        self.base = base
        unknown = base == nil
    }

    /// Records an edit that was applied to the candidate (`roots`: the edit's nodes).
    mutating func record(_ roots: [DataNode], options: EditOptions, lists: SeparableLists) {
        guard !unknown else { return }
        if options.defaultOperation == .replace {
            unknown = true
            return
        }
        for root in roots { record(root, lists: lists) }
    }

    private mutating func record(_ node: DataNode, lists: SeparableLists) {
        let schemaPath = SeparableLists.schemaPath(ofDataPath: node.path)
        if node.kind == .list, lists.lists[schemaPath] != nil {
            entries.insert(node.path)
            return
        }
        // A node with an operation or a position acts on its whole subtree; a node without
        // children is itself what is set. Only nodes on the way down are not recorded.
        if node.children.isEmpty || !node.metadata.isEmpty || node.kind == .opaque || node.kind == .anydata {
            outside.insert(schemaPath)
            return
        }
        for child in node.children { record(child, lists: lists) }
    }

    /// The data paths of the separable list entries the edits touched, when nothing else was
    /// touched and the candidate started from `running`; nil when anything may differ.
    func onlyEntries(since running: DataTree) -> Set<String>? {
        guard !unknown, outside.isEmpty, let base, base === running else { return nil }
        return entries
    }

    /// Both records, for a candidate that went through `self`'s edits and then `later`'s.
    func followed(by later: CandidateChanges) -> CandidateChanges {
        var merged = self
        merged.entries.formUnion(later.entries)
        merged.outside.formUnion(later.outside)
        merged.unknown = unknown || later.unknown
        return merged
    }

    /// How to check a candidate with these changes against `running` (whose snapshot is
    /// `runningRoots`): nil when everything must be checked.
    func plan(running: DataTree, runningRoots: [DataNode], lists: SeparableLists) -> CommitCheckPlan? {
        guard !unknown, let base, base === running else { return nil }
        var touchedByList: [String: Set<String>] = [:]
        for entry in entries { touchedByList[SeparableLists.schemaPath(ofDataPath: entry), default: []].insert(entry) }
        var plan = CommitCheckPlan()
        for list in lists.lists.values {
            let reached = outside.contains { touched in
                SeparableLists.overlap(touched, list.path)
                    || list.dependencies.contains { SeparableLists.overlap(touched, $0) }
            }
            guard !reached else { continue }
            let keep = touchedByList[list.path] ?? []
            plan.lists.append((list, keep))
            Self.forEachEntry(of: list, in: runningRoots) { entry in
                if !keep.contains(entry.path) { plan.unchanged[entry.path] = entry }
            }
        }
        return plan.lists.isEmpty ? nil : plan
    }

    /// Calls `body` with each entry of `list` in a snapshot, found by following the list's
    /// steps down from the top.
    static func forEachEntry(of list: SeparableLists.List, in roots: [DataNode], _ body: (DataNode) -> Void) {
        var level = roots
        for (index, step) in list.steps.enumerated() {
            let matches = level.indices.filter { level[$0].name == step.name && level[$0].module == step.module }
            if index == list.steps.count - 1 {
                for position in matches where level[position].kind == .list { body(level[position]) }
                return
            }
            guard let next = matches.first else { return }
            level = level[next].children
        }
    }
}

/// The part of a commit's check that can be left out: for each separable list that no
/// change outside its entries reaches, the entries to keep (those edits touched); and the
/// snapshots of the other entries, which are as in running.
struct CommitCheckPlan: Sendable {
    var lists: [(list: SeparableLists.List, keep: Set<String>)] = []
    var unchanged: [String: DataNode] = [:]
}
