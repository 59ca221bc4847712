import YangData

/// Meridian's full model: the standard modules plus yang/ (meridian-ntp, deviations).
enum NTPContext {
    static let yangDirectory: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/yang"
    }()

    static let modules = YangModuleRequest.meridianStandard + [YangModuleRequest("meridian-ntp"), YangModuleRequest("meridian-deviations")]

    static let context: YangContext = {
        do {
            return try YangContext(searchDirectories: [yangDirectory] + YangContext.standardSearchDirectories, modules: modules)
        } catch {
            fatalError("cannot load the Meridian model: \(error)")
        }
    }()

    /// Parses and validates a configuration, returning its nodes with defaults.
    static func nodes(_ xml: String) throws -> [DataNode] {
        let tree = try DataTree.parse(xml: xml, context: context)
        try tree.validate()
        return tree.roots
    }
}
