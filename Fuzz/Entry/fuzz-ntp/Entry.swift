import FuzzTargets

/// libFuzzer's entry point (its own main calls it): see FuzzTarget.ntp.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.ntp.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
