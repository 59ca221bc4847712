/// What an `<rpc-reply>` carries.
public enum RPCReplyContent: Sendable, Equatable {
    /// `<ok/>`.
    case ok
    /// `<data>` whose children are this serialized XML fragment. Each top-level element of the
    /// fragment must declare its own namespace: the fragment is inserted verbatim.
    case data(String)
    /// Reply content other than `<data>` (an RPC's output, e.g. get-schema's monitoring
    /// `<data>`): this serialized fragment, inserted verbatim; it declares its own namespaces.
    case output(String)
    /// One or more `<rpc-error>` elements. An empty list renders as `<ok/>`.
    case errors([RPCError])

    /// True when the reply reports at least one error of severity `error`.
    public var isError: Bool {
        if case .errors(let errors) = self { errors.contains { $0.severity == .error } } else { false }
    }
}
