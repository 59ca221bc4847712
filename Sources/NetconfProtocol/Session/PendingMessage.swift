import NetconfModel
import XMLSupport

/// One received message, classified, waiting for its turn: replies go out in request order.
enum PendingMessage: Sendable, Equatable {
    /// A valid operation for the shell to execute.
    case request(RPCRequest)
    /// `<close-session>`: dispatched (the shell releases what the session holds, then
    /// answers); the session closes once the reply is written.
    case closeSession(RPCRequest)
    /// A message refused before dispatch, answered with these errors.
    case rejection(Rejection)
    /// A message that ends the session when its turn comes.
    case terminate(TerminationReason)

    struct Rejection: Sendable, Equatable {
        /// Attributes of the `<rpc>` to echo; empty when the message was not an `<rpc>`.
        var attributes: [XMLAttribute]
        var namespaceDeclarations: [XMLNamespaceDeclaration]
        var errors: [RPCError]
    }

    /// True for messages after which no further input is read.
    var endsInput: Bool {
        switch self {
        case .closeSession, .terminate: true
        case .request, .rejection: false
        }
    }
}
