import YangData

/// Loads the YANG modules the agent serves: its own (`--yang-dir`, then the repository's
/// `yang/` when run from a checkout) and Debian's standard ones.
enum SchemaLoader {
    static func context(yangDirectories: [String]) throws -> YangContext {
        do {
            return try YangContext(
                searchDirectories: yangDirectories + YangContext.standardSearchDirectories,
                modules: YangModuleRequest.meridianStandard)
        } catch {
            throw StartupError("cannot load the YANG modules: \(error.message) (install libyuma-base and libyang2)")
        }
    }
}
