public import XMLSupport
internal import NetconfProtocol

/// A NETCONF client session (RFC 6241) over a byte stream: the hello exchange, then one RPC
/// at a time with increasing message-ids. base:1.1 chunked framing (RFC 6242) when both
/// sides offer it, end-of-message framing otherwise. Everything the server sends is parsed
/// with the package's hardened XML reader (no DTD, no entities, size and depth limits).
public final class NetconfClientSession {
    public static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"
    static let base11 = "urn:ietf:params:netconf:base:1.1"
    static let base10 = "urn:ietf:params:netconf:base:1.0"

    private let stream: any NetconfByteStream
    private var decoder = FrameDecoder()
    private var encoder = FrameEncoder()
    private var nextMessageID = 1
    /// The server's capabilities from its hello.
    public private(set) var serverCapabilities: [String] = []
    public private(set) var sessionID: String?

    public init(stream: any NetconfByteStream) throws(NetconfClientError) {
        self.stream = stream
        try send("<?xml version=\"1.0\" encoding=\"UTF-8\"?><hello xmlns=\"\(Self.base)\"><capabilities>"
            + "<capability>\(Self.base10)</capability><capability>\(Self.base11)</capability></capabilities></hello>")
        let hello = try receive()
        guard hello.name == "hello", hello.namespace == Self.base else { throw .session("the server did not start with <hello>") }
        serverCapabilities = hello.firstChild(named: "capabilities", namespace: Self.base)?
            .children(named: "capability", namespace: Self.base).map { $0.textContent.trimmingXMLWhitespace() } ?? []
        sessionID = hello.firstChild(named: "session-id", namespace: Self.base)?.textContent.trimmingXMLWhitespace()
        if serverCapabilities.contains(Self.base11) {
            decoder.switchToChunked()
            encoder.switchToChunked()
        }
    }

    /// Whether the server advertises a module or capability whose URI starts with `prefix`.
    public func advertises(_ prefix: String) -> Bool {
        serverCapabilities.contains { $0.hasPrefix(prefix) }
    }

    /// Sends `<rpc>` with `operation` (an XML fragment in the base namespace unless it says
    /// otherwise) and returns the `<rpc-reply>`; a reply with an error-severity `<rpc-error>`
    /// throws them.
    @discardableResult
    public func rpc(_ operation: String) throws(NetconfClientError) -> XMLElement {
        let id = String(nextMessageID)
        nextMessageID += 1
        try send("<rpc xmlns=\"\(Self.base)\" message-id=\"\(id)\">\(operation)</rpc>")
        while true {
            let reply = try receive()
            guard reply.name == "rpc-reply", reply.namespace == Self.base else {
                continue  // a notification or something else a session may carry: not ours
            }
            guard reply.attribute(named: "message-id") == id else {
                throw .session("reply with message-id \(reply.attribute(named: "message-id") ?? "none"), expected \(id)")
            }
            let errors = ServerError.all(in: reply).filter { $0.severity != "warning" }
            if !errors.isEmpty { throw .rpcErrors(errors) }
            return reply
        }
    }

    /// `<data>` of a `<get>` or `<get-config>` reply.
    public func data(_ operation: String) throws(NetconfClientError) -> XMLElement {
        let reply = try rpc(operation)
        return reply.firstChild(named: "data", namespace: Self.base) ?? XMLElement(name: "data", namespace: Self.base)
    }

    /// `<close-session>`, ignoring a session that is already gone.
    public func close() {
        do {
            try rpc("<close-session/>")
        } catch {
            // The session may already be closed by the server; nothing is left to do.
        }
    }

    private func send(_ text: String) throws(NetconfClientError) {
        do {
            try stream.write(encoder.encode(text))
        } catch {
            throw .session("cannot send: \(error)")
        }
    }

    private func receive() throws(NetconfClientError) -> XMLElement {
        while true {
            let message: [UInt8]?
            do {
                message = try decoder.nextMessage()
            } catch {
                throw .session("bad framing from the server: \(error.description)")
            }
            if let message {
                do {
                    return try XMLDocumentParser.parse(message)
                } catch {
                    throw .session("malformed XML from the server: \(error.description)")
                }
            }
            let bytes: [UInt8]
            do {
                bytes = try stream.read()
            } catch {
                throw .session("cannot read: \(error)")
            }
            guard !bytes.isEmpty else { throw .session("the server closed the session") }
            decoder.append(bytes)
        }
    }
}
