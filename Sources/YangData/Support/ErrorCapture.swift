internal import CLibYang

/// Runs one libyang call and reads the errors it recorded in the same synchronous frame.
///
/// libyang stores errors per thread and per context. `capture` clears them, runs `body`
/// (which must not suspend), converts every stored error item and clears them again, so no
/// error leaks into the next call made on this thread.
enum ErrorCapture {
    static func capture<T>(
        _ context: OpaquePointer,
        _ body: () -> T
    ) -> (result: T, errors: [YangError]) {
        LibYang.configureOnce()
        ly_err_clean(context, nil)
        var options = UInt32(LY_LOSTORE)
        let result = withUnsafeMutablePointer(to: &options) { pointer in
            ly_temp_log_options(pointer)
            defer { ly_temp_log_options(nil) }
            return body()
        }
        let errors = collect(context)
        ly_err_clean(context, nil)
        return (result, errors)
    }

    private static func collect(_ context: OpaquePointer) -> [YangError] {
        var errors: [YangError] = []
        var item = ly_err_first(context)
        while let current = item {
            if current.pointee.level == LY_LLERR {
                errors.append(YangError(libyangItem: current.pointee))
            }
            item = current.pointee.next
        }
        return errors
    }
}
