import ModelTestSupport
import YangData

/// Meridian's full model: the standard modules plus yang/ (meridian-ntp, deviations).
enum NTPContext {
    static let yangDirectory = MeridianModelContext.yangDirectory
    static let modules = MeridianModelContext.modules
    static let context = MeridianModelContext.context

    /// Parses and validates a configuration, returning its nodes with defaults.
    static func nodes(_ xml: String) throws -> [DataNode] {
        let tree = try DataTree.parse(xml: xml, context: context)
        try tree.validate()
        return tree.roots
    }
}
