extension DataNode {
    /// The `yang:insert` attribute of an edit entry (`first`, `last`, `before`, `after`).
    public var insert: String? { yangMetadata("insert") }

    /// The `yang:key` attribute: the anchor list entry's key predicates, e.g. `[name='a']`.
    public var insertKey: String? { yangMetadata("key") }

    /// The `yang:value` attribute: the anchor leaf-list value.
    public var insertValue: String? { yangMetadata("value") }

    private func yangMetadata(_ name: String) -> String? {
        metadata.first { $0.module == "yang" && $0.name == name }?.value
    }
}
