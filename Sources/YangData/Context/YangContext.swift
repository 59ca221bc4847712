internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

/// A libyang context with Meridian's modules loaded and compiled.
///
/// Sendable because it is immutable after `init`: libyang allows concurrent reads of a
/// context once all modules are loaded and compiled, and nothing here loads more later.
/// Every `DataTree` retains its context, so the context outlives all data built on it.
public final class YangContext: @unchecked Sendable {
    /// Debian's `libyuma-base` module directories, NMDA revisions first; then RFC 5277's
    /// modules as yuma converted them (`notifications`, `nc-notifications`) and the one
    /// extension module they import (`yuma-ncx`).
    public static let standardSearchDirectories = [
        "/usr/share/yuma/nmda-modules/ietf",
        "/usr/share/yuma/modules/ietf",
        "/usr/share/yuma/modules/ietf-derived",
        "/usr/share/yuma/modules/netconfcentral",
    ]

    let handle: OpaquePointer
    /// Every module in the context (implemented and imported), in libyang's order.
    public let modules: [YangModule]
    public let searchDirectories: [String]

    /// Loads and implements `modules` from `searchDirectories` (searched in order; directories
    /// that do not exist are skipped, libyang's built-ins are always available), then compiles.
    /// Throws a `.moduleNotFound` error with a one-line reason when a module, revision or feature
    /// cannot be loaded.
    public init(searchDirectories: [String], modules requests: [YangModuleRequest]) throws(YangError) {
        LibYang.configureOnce()
        var created: OpaquePointer?
        let options = UInt16(LY_CTX_DISABLE_SEARCHDIR_CWD | LY_CTX_EXPLICIT_COMPILE)
        guard ly_ctx_new(nil, options, &created) == LY_SUCCESS, let handle = created else {
            throw YangError(code: .other, message: "cannot create a libyang context")
        }
        let directories = searchDirectories.filter { access($0, F_OK) == 0 }
        do throws(YangError) {
            for directory in directories {
                let (status, errors) = ErrorCapture.capture(handle) { ly_ctx_set_searchdir(handle, directory) }
                if status != LY_SUCCESS && status != LY_EEXIST {
                    throw YangError(
                        code: .other,
                        message: "cannot use YANG search directory \(directory): "
                            + (errors.first?.message ?? "error \(status.rawValue)"))
                }
            }
            for request in requests {
                try Self.load(request, into: handle, searched: directories)
            }
            let (status, errors) = ErrorCapture.capture(handle) { ly_ctx_compile(handle) }
            if status != LY_SUCCESS {
                throw YangError(
                    code: .moduleNotFound,
                    message: "cannot compile the YANG modules: "
                        + (errors.last?.message ?? "error \(status.rawValue)"))
            }
        } catch {
            ly_ctx_destroy(handle)
            throw error
        }
        self.handle = handle
        self.searchDirectories = directories
        self.modules = Self.describeModules(handle)
    }

    deinit {
        ly_ctx_destroy(handle)
    }

    /// The module named `name`: the implemented one if any, else the newest revision.
    public func module(named name: String) -> YangModule? {
        let implemented = modules.first { $0.name == name && $0.isImplemented }
        return implemented ?? modules.filter { $0.name == name }.max { ($0.revision ?? "") < ($1.revision ?? "") }
    }

    /// Implemented modules only: the ones whose data this context accepts.
    public var implementedModules: [YangModule] {
        modules.filter(\.isImplemented)
    }

    private static func load(_ request: YangModuleRequest, into handle: OpaquePointer, searched: [String]) throws(YangError) {
        let featureStrings = request.features.map { strdup($0) }
        defer { featureStrings.forEach { free($0) } }
        var featureArray: [UnsafePointer<CChar>?] = featureStrings.map { UnsafePointer($0) } + [nil]
        let (module, errors) = ErrorCapture.capture(handle) {
            featureArray.withUnsafeMutableBufferPointer { features in
                ly_ctx_load_module(handle, request.name, request.revision, features.baseAddress)
            }
        }
        guard module == nil else { return }
        let wanted = request.revision.map { "\(request.name)@\($0)" } ?? request.name
        let reason = errors.map(\.message).first { !$0.hasPrefix("Loading \"") } ?? errors.first?.message ?? "not found"
        throw YangError(
            code: .moduleNotFound,
            message: "cannot load YANG module \(wanted): \(reason) (searched \(searched.joined(separator: ", ")))")
    }
}
