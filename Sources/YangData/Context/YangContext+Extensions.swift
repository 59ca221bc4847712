internal import CLibYang

extension YangContext {
    /// One instance of a YANG extension statement on a schema node.
    public struct ExtensionInstance: Sendable, Hashable {
        /// The node's schema path in data form, each step qualified with its module's name
        /// (`/meridian-ntp:ntp/meridian-ntp:authentication/...`, `/ietf-netconf:kill-session`).
        public var path: String
        /// The extension's name (`default-deny-all`).
        public var name: String
    }

    /// Every instance of an extension defined in `module` (say `ietf-netconf-acm`) on the
    /// schema nodes of the implemented modules: data nodes, RPCs, actions, notifications.
    public func extensionInstances(definedIn module: String) -> [ExtensionInstance] {
        final class Collector {
            let module: String
            var found: [ExtensionInstance] = []
            init(module: String) { self.module = module }
        }
        let collector = Collector(module: module)
        var index: UInt32 = 0
        while let current = ly_ctx_get_module_iter(handle, &index) {
            guard current.pointee.implemented != 0, current.pointee.compiled != nil else { continue }
            withExtendedLifetime(collector) {
                _ = lysc_module_dfs_full(current, { node, data, _ in
                    guard let node, let data else { return LY_SUCCESS }
                    let collector = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
                    let exts = node.pointee.exts
                    let count = LibYang.arrayCount(exts.map { UnsafeRawPointer($0) })
                    for offset in 0..<count {
                        guard let definition = exts![offset].def,
                            LibYang.string(definition.pointee.module.pointee.name) == collector.module,
                            let name = LibYang.string(definition.pointee.name) else { continue }
                        collector.found.append(ExtensionInstance(path: YangContext.qualifiedPath(node), name: name))
                    }
                    return LY_SUCCESS
                }, Unmanaged.passUnretained(collector).toOpaque())
            }
        }
        return collector.found
    }

    /// `/module:name/module:name...` of a schema node, choices and cases left out (data form).
    static func qualifiedPath(_ node: UnsafePointer<lysc_node>) -> String {
        var steps: [String] = []
        var current: UnsafePointer<lysc_node>? = node
        while let step = current {
            let type = Int32(step.pointee.nodetype)
            if type != Int32(LYS_CHOICE) && type != Int32(LYS_CASE) && type != Int32(LYS_INPUT) && type != Int32(LYS_OUTPUT) {
                let module = LibYang.string(step.pointee.module.pointee.name) ?? ""
                steps.append(module + ":" + (LibYang.string(step.pointee.name) ?? ""))
            }
            current = step.pointee.parent.map { UnsafePointer($0) }
        }
        return "/" + steps.reversed().joined(separator: "/")
    }
}
