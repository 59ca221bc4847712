extension String {
    /// The text without the XML whitespace (space, tab, CR, LF) at either end, as element
    /// content is compared in NETCONF parameters and subtree filters.
    public func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
