import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

/// Drives a ``NetconfSessionStateMachine`` the way a client on the other end of the channel
/// would: frames what it sends in the negotiated mode, feeds it whole or drip-fed, and decodes
/// and parses what the machine writes. No sockets.
struct NetconfTestClient {
    static let base = NetconfNamespace.base
    static let bothBaseVersions = [NetconfCapability.base10, NetconfCapability.base11]

    var machine: NetconfSessionStateMachine
    var style: FeedStyle
    private var encoder = FrameEncoder()
    private var replyDecoder = FrameDecoder()

    init(
        serverCapabilities: [String] = NetconfTestClient.bothBaseVersions,
        style: FeedStyle = .whole,
        maxMessageSize: Int = 1 << 20,
        maxReplySize: Int = 16 << 20
    ) {
        machine = NetconfSessionStateMachine(
            sessionID: SessionID(rawValue: 42), capabilities: serverCapabilities, maxMessageSize: maxMessageSize,
            maxReplySize: maxReplySize)
        self.style = style
    }

    /// Starts the session and exchanges hellos; returns the server hello, parsed.
    @discardableResult
    mutating func establish(clientCapabilities: [String] = NetconfTestClient.bothBaseVersions) throws -> XMLElement {
        let hello = try #require(messages(in: machine.start()).first)
        let actions = sendRaw(encoder.encode(Self.hello(clientCapabilities)))
        #expect(actions.isEmpty)
        try #require(machine.isEstablished)
        if machine.negotiatedBase == .base11 {
            encoder.switchToChunked()
            replyDecoder.switchToChunked()
        }
        return hello
    }

    /// Frames `xml` as the client's encoder currently would and feeds it to the machine.
    mutating func send(_ xml: String) -> [SessionAction] {
        sendRaw(encoder.encode(xml))
    }

    /// Frames each message and feeds them all in one stream.
    mutating func send(_ xmls: [String]) -> [SessionAction] {
        sendRaw(xmls.flatMap { encoder.encode($0) })
    }

    /// Feeds bytes as they are, in the client's feed style.
    mutating func sendRaw(_ bytes: [UInt8]) -> [SessionAction] {
        switch style {
        case .whole: machine.receive(bytes)
        case .dripFed: bytes.flatMap { machine.receive([$0]) }
        }
    }

    /// Decodes and parses every `.write` in `actions`, in order.
    mutating func messages(in actions: [SessionAction]) throws -> [XMLElement] {
        var messages: [XMLElement] = []
        for case .write(let bytes) in actions {
            replyDecoder.append(bytes)
            while let message = try replyDecoder.nextMessage() {
                messages.append(try XMLDocumentParser.parse(message))
            }
        }
        return messages
    }

    static func hello(_ capabilities: [String], extra: String = "") -> String {
        "<hello xmlns=\"\(base)\"><capabilities>"
            + capabilities.map { "<capability>\($0)</capability>" }.joined()
            + "</capabilities>\(extra)</hello>"
    }

    static func rpc(_ messageID: String, _ operation: String = "<get/>") -> String {
        "<rpc xmlns=\"\(base)\" message-id=\"\(messageID)\">\(operation)</rpc>"
    }
}

/// Parses `text` for structural comparison with what the machine wrote.
func xml(_ text: String) throws -> XMLElement {
    try XMLDocumentParser.parse(Array(text.utf8))
}

extension [SessionAction] {
    var dispatched: [RPCRequest] {
        compactMap { if case .dispatch(let request) = $0 { request } else { nil } }
    }

    var closeReason: TerminationReason? {
        for case .close(let reason) in self { return reason }
        return nil
    }
}
