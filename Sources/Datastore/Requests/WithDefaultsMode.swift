/// RFC 6243 with-defaults retrieval modes.
public enum WithDefaultsMode: String, Sendable, CaseIterable {
    case explicit
    case trim
    case reportAll = "report-all"
    case reportAllTagged = "report-all-tagged"
}
