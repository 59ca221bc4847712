/// One step an applier carries out when a prepared change is applied (for the NTP engine: a
/// step of the reconcile planner), as the commit history records it. The datastore does not
/// interpret steps; it keeps them with the commit that ran them.
public struct ConfigStep: Sendable, Hashable {
    /// What the step does (`add-association`, `rebind-socket`, ...).
    public var action: String
    /// What it acts on (an association's address, a socket).
    public var target: String
    /// The rest, for an operator.
    public var detail: String

    public init(action: String, target: String, detail: String) {
        self.action = action
        self.target = target
        self.detail = detail
    }
}
