/// The edit operations of RFC 6241 §7.2, carried by the `nc:operation` attribute.
public enum EditOperation: String, Sendable, Hashable, CaseIterable {
    case merge, replace, create, delete, remove
}
