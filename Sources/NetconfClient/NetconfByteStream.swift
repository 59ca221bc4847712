/// The byte stream a NETCONF client session runs over (the `netconf` SSH subsystem channel).
/// Blocking: the CLI does one thing at a time.
public protocol NetconfByteStream: AnyObject {
    func write(_ bytes: [UInt8]) throws
    /// Some bytes, waiting for them; empty at end of stream.
    func read() throws -> [UInt8]
}
