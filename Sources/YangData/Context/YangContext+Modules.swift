internal import CLibYang

extension YangContext {
    static func describeModules(_ handle: OpaquePointer) -> [YangModule] {
        var modules: [YangModule] = []
        var index: UInt32 = 0
        while let module = ly_ctx_get_module_iter(handle, &index) {
            modules.append(describe(module.pointee))
        }
        return modules
    }

    private static func describe(_ module: lys_module) -> YangModule {
        YangModule(
            name: LibYang.string(module.name) ?? "",
            revision: LibYang.string(module.revision),
            namespace: LibYang.string(module.ns) ?? "",
            prefix: LibYang.string(module.prefix) ?? "",
            features: enabledFeatures(module),
            deviations: deviationNames(module),
            isImplemented: module.implemented != 0,
            filePath: LibYang.string(module.filepath)
        )
    }

    private static func enabledFeatures(_ module: lys_module) -> [String] {
        guard let parsed = module.parsed else { return [] }
        var names: [String] = []
        var index: UInt32 = 0
        var feature: UnsafeMutablePointer<lysp_feature>? = nil
        while let next = lysp_feature_next(feature, parsed, &index) {
            if next.pointee.flags & UInt16(LYS_FENABLED) != 0, let name = LibYang.string(next.pointee.name) {
                names.append(name)
            }
            feature = next
        }
        return names
    }

    private static func deviationNames(_ module: lys_module) -> [String] {
        guard let deviators = module.deviated_by else { return [] }
        let count = LibYang.arrayCount(UnsafeRawPointer(deviators))
        return (0..<count).compactMap { deviators[$0].flatMap { LibYang.string($0.pointee.name) } }
    }
}
