/// Where an entry of an `ordered-by user` list or leaf-list goes (RFC 7950 §7.8.6, the
/// `yang:insert` attribute of an edit). Anchors are data paths of sibling entries.
public enum InsertPosition: Sendable, Hashable {
    case first
    case last
    case before(path: String)
    case after(path: String)
}
