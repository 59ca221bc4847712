internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

extension YangContext {
    /// The YANG source text of a module for `<get-schema>` (RFC 6022 §3.1): the file libyang
    /// loaded it from when that is a `.yang` file, else the module as libyang prints it (the
    /// built-in modules). `revision` `nil` means the newest revision in the context.
    public func schemaText(module name: String, revision: String? = nil) throws(YangError) -> String {
        let found = revision.map { ly_ctx_get_module(handle, name, $0) } ?? ly_ctx_get_module_latest(handle, name)
        guard let module = found else {
            let wanted = revision.map { "\(name)@\($0)" } ?? name
            throw YangError(code: .moduleNotFound, message: "no YANG module \(wanted) in this context")
        }
        if let path = LibYang.string(module.pointee.filepath), path.hasSuffix(".yang"),
            let text = Self.readFile(path)
        {
            return text
        }
        var output: UnsafeMutablePointer<CChar>?
        let (status, errors) = ErrorCapture.capture(handle) {
            lys_print_mem(&output, module, LYS_OUT_YANG, 0)
        }
        defer { free(output) }
        guard status == LY_SUCCESS, let output else {
            throw errors.first ?? YangError(code: .other, message: "cannot print YANG module \(name)")
        }
        return String(cString: output)
    }

    /// The ietf-yang-library data of this context (libyang's `ly_ctx_get_yanglib_data`), with
    /// `content-id` the context's change count.
    public func yangLibraryData() throws(YangError) -> DataTree {
        var root: UnsafeMutablePointer<lyd_node>?
        let contentID = String(ly_ctx_get_change_count(handle))
        let (status, errors) = ErrorCapture.capture(handle) {
            meridian_ly_ctx_get_yanglib_data(handle, &root, contentID)
        }
        guard status == LY_SUCCESS else {
            if let root { lyd_free_all(root) }
            throw errors.first ?? YangError(code: .other, message: "cannot build yang-library data")
        }
        return DataTree(context: self, adopting: root)
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard ferror(file) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
