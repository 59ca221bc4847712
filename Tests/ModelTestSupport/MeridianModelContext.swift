public import YangData

/// Meridian's full model for tests: Debian's standard modules plus this repository's
/// `yang/` (meridian-ntp, meridian-deviations), loaded once per test process.
public enum MeridianModelContext {
    /// The repository's `yang/` directory.
    public static let yangDirectory: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/yang"
    }()

    public static let modules = YangModuleRequest.meridianStandard
        + [YangModuleRequest("meridian-ntp"), YangModuleRequest("meridian-deviations")]

    public static let context: YangContext = {
        do {
            return try YangContext(searchDirectories: [yangDirectory] + YangContext.standardSearchDirectories, modules: modules)
        } catch {
            fatalError("cannot load the Meridian model: \(error)")
        }
    }()
}
