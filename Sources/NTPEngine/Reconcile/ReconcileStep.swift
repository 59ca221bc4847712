/// One thing a new configuration changes in the engine. The planner
/// (``ReconcilePlanner/plan(old:new:)``) makes them; the engine's prepare binds the
/// sockets of the `bind-socket` steps and its apply carries out the steps in order;
/// `mntp:plan` shows them. `action` strings are the meridian-ntp `plan` output values.
public struct ReconcileStep: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, Sendable {
        case startEngine = "start-engine", stopEngine = "stop-engine"
        case removeAssociation = "remove-association", changeAssociation = "change-association"
        case addAssociation = "add-association", closeSocket = "close-socket", bindSocket = "bind-socket"
        case changeSetting = "change-setting"
    }

    /// What an engine-wide `change-setting` step changes (its `target`).
    public enum Setting: String, Sendable {
        case port, refclockMaster = "refclock-master", serverEnabled = "server-enabled"
        case authentication, clockStep = "clock-step", accessRule = "access-rule", rateLimit = "rate-limit"
        case interfaceEnabled = "interface-enabled", unsyncMaxPoll = "unsync-max-poll"
        case maxDynamicAssociations = "max-dynamic-associations"
    }

    public var action: Action
    /// The association (its name), socket (its binding) or setting the step is about.
    public var target: String
    /// What happens, for an operator.
    public var detail: String
    /// The socket of a `bind-socket` or `close-socket` step.
    public var socket: SocketBinding?

    public init(_ action: Action, _ target: String, _ detail: String, socket: SocketBinding? = nil) {
        self.action = action
        self.target = target
        self.detail = detail
        self.socket = socket
    }

    public var description: String { "\(action.rawValue) \(target): \(detail)" }
}
