import NetconfModel
import NetconfProtocol
import NetconfServer
import XMLSupport

/// An `<rpc>` as a session receives it: `NetconfSessionStateMachine` (after a hello
/// exchange, once for `:base:1.0` and once for `:base:1.1`) reads and classifies the message,
/// and each request it dispatches goes to `DatastoreOperation.parse`, as the server's dispatch
/// does; the reply is the rpc-error the parameters deserve, or `<ok/>`, or (on `:base:1.1`,
/// for `<get>`, `<get-config>` and `<validate>`, which change nothing) the operation's reply
/// from the edit-config target's datastores (``ReadOnlyOperation``).
///
/// Input: the message, an XML document (no control bytes).
///
/// Invariants: every reply the session writes is framed correctly, well-formed XML, and an
/// `<rpc-reply>` echoing the attributes of the request it answers; the operation of each
/// dispatched request, written by `XMLWriter` (as `<edit-config>` content is before libyang
/// reads it), parses back to the same element; a subtree filter selects again what it selected.
enum RPCTarget {
    static let capabilities = [NetconfCapability.base10, NetconfCapability.base11] + NetconfServer.datastoreCapabilities

    static func run(_ message: [UInt8]) {
        for version in [NetconfBaseVersion.base10, .base11] {
            session(message, version: version)
        }
    }

    static func session(_ message: [UInt8], version: NetconfBaseVersion) {
        var session = NetconfSessionStateMachine(sessionID: SessionID(rawValue: 7), capabilities: capabilities, maxMessageSize: 1 << 20)
        let hello = "<hello xmlns='\(NetconfNamespace.base)'><capabilities><capability>\(version.capability)</capability></capabilities></hello>"
        var pending = session.receive(FrameEncoder().encode(hello))
        pending += session.receive(FrameEncoder(mode: version == .base11 ? .chunked : .endOfMessage).encode(message))
        var replies = ReplyReader(version: version)
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .write(let bytes):
                replies.read(bytes)
            case .dispatch(let request):
                checkRoundTrip(request.operation)
                let content: RPCReplyContent
                do {
                    let operation = try DatastoreOperation.parse(request, confirmedCommit: version == .base10 ? .v10 : .v11)
                    content = version == .base11 ? ReadOnlyOperation.reply(to: operation) ?? .ok : .ok
                } catch {
                    content = .errors([error])
                }
                replies.expect(request.attributes)
                pending += session.replyReady(content)
            case .close:
                pending.removeAll()
            }
        }
    }

    /// What `XMLWriter` writes of `element` reads back as `element`, up to prefixes and where
    /// namespaces are declared.
    static func checkRoundTrip(_ element: XMLElement) {
        let written = XMLWriter.serialize(element)
        guard let again = try? XMLDocumentParser.parse(Array(written.utf8)) else {
            return invariant(false, .rpc, "XMLWriter wrote what does not parse: \(written)")
        }
        invariant(CanonicalXML(again) == CanonicalXML(element), .rpc, "\(element) written as \(written) reads back as \(again)")
    }
}

/// Reads the session's output as a client would: the server `<hello>`, then replies.
struct ReplyReader {
    let version: NetconfBaseVersion
    private var decoder = FrameDecoder()
    private var helloRead = false
    /// The attributes of each dispatched request, in order: its reply must echo them.
    private var expected: [[XMLAttribute]] = []
    private var dispatched = 0

    init(version: NetconfBaseVersion) {
        self.version = version
    }

    mutating func expect(_ attributes: [XMLAttribute]) {
        expected.append(attributes)
    }

    mutating func read(_ bytes: [UInt8]) {
        decoder.append(bytes)
        do {
            while let message = try decoder.nextMessage() {
                guard let root = try? XMLDocumentParser.parse(message) else {
                    return invariant(false, .rpc, "the session wrote what does not parse: \(String(decoding: message, as: UTF8.self))")
                }
                if !helloRead {
                    invariant(root.name == "hello", .rpc, "the first message is not the server hello")
                    helloRead = true
                    if version == .base11 { decoder.switchToChunked() }
                    continue
                }
                invariant(root.name == "rpc-reply" && root.namespace == NetconfNamespace.base, .rpc, "the session wrote \(root.name), not rpc-reply")
                if dispatched < expected.count {
                    // A dispatched request's reply is written by replyReady right after it.
                    let echoed = CanonicalXML.attributes(root.attributes)
                    invariant(echoed == CanonicalXML.attributes(expected[dispatched]), .rpc,
                              "the reply echoes \(root.attributes), not the request's \(expected[dispatched])")
                    dispatched += 1
                }
            }
        } catch {
            invariant(false, .rpc, "the session wrote a frame its own decoder refuses: \(error)")
        }
    }
}
