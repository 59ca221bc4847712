/// Namespace URIs that XML itself reserves.
public enum XMLNamespaceURI {
    /// Bound to the `xml` prefix by definition; never declared.
    public static let xml = "http://www.w3.org/XML/1998/namespace"
    /// Bound to the `xmlns` prefix by definition; never declared.
    public static let xmlns = "http://www.w3.org/2000/xmlns/"
}
