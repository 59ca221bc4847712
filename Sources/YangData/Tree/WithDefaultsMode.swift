/// RFC 6243 with-defaults retrieval modes.
public enum WithDefaultsMode: String, Sendable, Hashable, CaseIterable {
    /// Nodes set explicitly, even to their default value; implicit defaults left out.
    case explicit
    /// Nodes whose value equals the schema default left out, however they were set.
    case trim
    /// Every node, including the defaults of absent leaves.
    case reportAll = "report-all"
    /// As `reportAll`, with `wd:default="true"` on nodes that hold their default value.
    case reportAllTagged = "report-all-tagged"
}
