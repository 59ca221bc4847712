import Glibc
import YangData

/// Loads the YANG modules the agent serves: its own (meridian-ntp, meridian-deviations, meridian-commits)
/// from `--yang-dir`, else the `yang/` directory of the checkout the binary was built in,
/// else /usr/share/meridian/yang; and Debian's standard modules.
enum SchemaLoader {
    static let ownModules = [
        YangModuleRequest("meridian-ntp"), YangModuleRequest("meridian-deviations"), YangModuleRequest("meridian-commits"),
    ]

    static func context(yangDirectories: [String]) throws -> YangContext {
        let directories = yangDirectories.isEmpty ? defaultDirectories() : yangDirectories
        do {
            return try YangContext(
                searchDirectories: directories + YangContext.standardSearchDirectories,
                modules: YangModuleRequest.meridianStandard + ownModules)
        } catch {
            throw StartupError("cannot load the YANG modules: \(error.message) (searched \(directories.joined(separator: ", ")) and Debian's libyuma-base)")
        }
    }

    /// `…/repo/.build/<triple>/debug/meridiand` → `…/repo/yang`, when it holds our modules.
    static func defaultDirectories() -> [String] {
        var found: [String] = []
        var path = executablePath()
        while let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            path = String(path[..<slash])
            let candidate = path + "/yang"
            if access(candidate + "/meridian-ntp@2026-12-07.yang", R_OK) == 0 {
                found.append(candidate)
                break
            }
        }
        return found + ["/usr/share/meridian/yang"]
    }

    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
