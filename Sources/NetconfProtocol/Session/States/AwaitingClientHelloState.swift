import NetconfModel
import XMLSupport

/// The server's `<hello>` has been sent (always end-of-message framed) and the first message
/// from the client must be its `<hello>` (RFC 6241 §8.1). Anything else, a `<hello>` with a
/// `<session-id>`, or one sharing no base version with the server ends the session.
struct AwaitingClientHelloState: Sendable {
    let serverCapabilities: [String]
    let parseLimits: XMLParseLimits

    enum Outcome: Sendable, Equatable {
        case established(EstablishedState)
        case rejected(TerminationReason)
    }

    func receiveHello(_ message: [UInt8]) -> Outcome {
        let root: XMLElement
        do {
            root = try XMLDocumentParser.parse(message, limits: parseLimits)
        } catch {
            return .rejected(.badHello("the client <hello> is not acceptable XML: \(error)"))
        }
        let hello: ClientHello
        do {
            hello = try HelloMessage.parseClient(root)
        } catch {
            return .rejected(.badHello(error.message))
        }
        guard let version = NetconfBaseVersion.negotiate(server: serverCapabilities, client: hello.capabilities) else {
            return .rejected(.noCommonBaseVersion)
        }
        return .established(EstablishedState(
            baseVersion: version, clientCapabilities: hello.capabilities, parseLimits: parseLimits))
    }
}
