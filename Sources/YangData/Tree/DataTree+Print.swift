internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

extension DataTree {
    /// The tree as XML top-level elements (no wrapper), in a with-defaults mode.
    ///
    /// `reportAll` and `reportAllTagged` print a copy to which the configuration defaults of
    /// absent nodes were added (`lyd_new_implicit_all`), so they are complete even for a
    /// candidate that was never validated; the tree itself is not changed.
    public func printXML(withDefaults mode: WithDefaultsMode = .explicit, pretty: Bool = false) throws(YangError) -> String {
        switch mode {
        case .explicit, .trim:
            return try print(first, mode: mode, pretty: pretty)
        case .reportAll, .reportAllTagged:
            let copy = duplicate()
            var root = copy.first
            let (status, errors) = copy.capture {
                lyd_new_implicit_all(&root, context.handle, UInt32(LYD_IMPLICIT_NO_STATE), nil)
            }
            copy.refreshFirst(from: root)
            guard status == LY_SUCCESS else {
                throw errors.first ?? YangError(code: .other, message: "cannot add default nodes")
            }
            return try copy.print(copy.first, mode: mode, pretty: pretty)
        }
    }

    private func print(_ root: UnsafeMutablePointer<lyd_node>?, mode: WithDefaultsMode, pretty: Bool) throws(YangError) -> String {
        guard let root else { return "" }
        var options = UInt32(LYD_PRINT_WITHSIBLINGS)
        if !pretty { options |= UInt32(LYD_PRINT_SHRINK) }
        switch mode {
        case .explicit: options |= UInt32(LYD_PRINT_WD_EXPLICIT)
        case .trim: options |= UInt32(LYD_PRINT_WD_TRIM)
        case .reportAll: options |= UInt32(LYD_PRINT_WD_ALL)
        case .reportAllTagged: options |= UInt32(LYD_PRINT_WD_ALL_TAG)
        }
        var text: UnsafeMutablePointer<CChar>?
        let (status, errors) = capture { lyd_print_mem(&text, root, LYD_XML, options) }
        defer { Glibc.free(text) }
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot print data (error \(status.rawValue))")
        }
        let printed = text.map { String(cString: $0) } ?? ""
        return mode == .reportAllTagged ? Self.withRFC6243Namespace(printed) : printed
    }

    /// libyang 2.1.30 tags defaults with the module namespace of ietf-netconf-with-defaults;
    /// RFC 6243 §6 puts the `default` attribute in `urn:ietf:params:xml:ns:netconf:default:1.0`.
    /// The declaration is a fixed string in libyang's printer, so it is replaced as text.
    static func withRFC6243Namespace(_ xml: String) -> String {
        xml.replacing(
            "xmlns:ncwd=\"urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults\"",
            with: "xmlns:ncwd=\"urn:ietf:params:xml:ns:netconf:default:1.0\"")
    }
}
