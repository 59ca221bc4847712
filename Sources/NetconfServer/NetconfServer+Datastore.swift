import AccessControl
public import Datastore
import NetconfModel

extension NetconfServer {
    /// Serves the RFC 6241 datastore operations from `service`, and tells it when sessions
    /// end (locks released, confirmed commits of that session rolled back).
    public func serveDatastores(_ service: DatastoreService) {
        let task: @Sendable (RPCRequest, RPCContext) async -> RPCReplyContent = { request, context in
            let confirmedCommit: DatastoreOperation.ConfirmedCommitVersion = context.baseVersion == .base10 ? .v10 : .v11
            switch Result(catching: { () throws(RPCError) -> DatastoreOperation in
                try DatastoreOperation.parse(request, confirmedCommit: confirmedCommit)
            }) {
            case .success(let operation):
                let reply = await service.perform(
                    operation, session: context.sessionID, isOpen: context.isOpen, rights: context.rights, author: context.commitAuthor)
                if case .errors(let errors) = reply, errors.contains(where: { $0.tag == .accessDenied }) {
                    self.accessControl?.countDeniedWrite()
                }
                return reply
            case .failure(let error):
                return .errors([error])
            }
        }
        for name in DatastoreOperation.names where name != "get-config" {
            register(OperationKey(namespace: NetconfNamespace.base, name: name), .task(task))
        }
        // A get-config of running the datastore has rendered since the last commit is answered
        // by the session's worker at once, without entering the datastore actor.
        register(OperationKey(namespace: NetconfNamespace.base, name: "get-config"), .answerOrTask(answer: { request, context in
            guard case .getConfig(.running, let filter, let withDefaults)? = try? DatastoreOperation.parse(request) else { return nil }
            return service.publishedRunning(filter: filter, withDefaults: withDefaults, rights: context.rights)
        }, task: task))
        addSessionEndHandler { id in
            Task { await service.sessionEnded(id) }
        }
        // close-session: the locks are released (and a confirmed commit of the session without
        // persist rolled back) before the <ok/> goes out.
        addSessionClosingHandler { id in await service.sessionEnded(id) }
    }

    /// The capabilities a server with these datastores offers (RFC 6241 §8, RFC 6243).
    public static let datastoreCapabilities = [
        "urn:ietf:params:netconf:capability:candidate:1.0",
        "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
        "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
        "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
        "urn:ietf:params:netconf:capability:validate:1.1",
        "urn:ietf:params:netconf:capability:startup:1.0",
        "urn:ietf:params:netconf:capability:xpath:1.0",
        "urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=report-all,report-all-tagged,trim",
    ]
}
