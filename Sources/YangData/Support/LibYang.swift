internal import CLibYang

/// Process-wide libyang settings and small helpers for C idioms Swift cannot import
/// (sized arrays, macros).
enum LibYang {
    /// libyang never prints: errors are stored per thread and context (`LY_LOSTORE`) and read
    /// back by `ErrorCapture`.
    ///
    /// The options are set globally, not only with `ly_temp_log_options`, because libyang 2.1.30
    /// itself calls `ly_temp_log_options(NULL)` inside some functions (opaque value checks,
    /// validation), which resets a caller's temporary options to the global ones mid-call.
    private static let configured: Bool = {
        _ = ly_log_options(UInt32(LY_LOSTORE))
        _ = ly_log_level(LY_LLWRN)
        return true
    }()

    static func configureOnce() {
        _ = configured
    }

    /// `LY_ARRAY_COUNT`: the element count is stored as a `uint64_t` just before the array.
    static func arrayCount(_ array: UnsafeRawPointer?) -> Int {
        guard let array else { return 0 }
        return Int(array.load(fromByteOffset: -MemoryLayout<UInt64>.size, as: UInt64.self))
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
