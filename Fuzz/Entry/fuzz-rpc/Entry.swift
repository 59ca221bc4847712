import FuzzTargets

/// libFuzzer's entry point (its own main calls it): see FuzzTarget.rpc.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.rpc.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
