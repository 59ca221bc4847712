/// What one parsed command asks the session to do. The translator decides; the shell
/// (`meridian-cli`) only carries it out over NETCONF.
public enum CLIAction: Sendable, Equatable {
    case enterSystemView
    /// Make sure the interface exists in the candidate (`create`, an existing one is kept),
    /// then enter its view.
    case enterInterface(name: String, createConfig: String)
    /// `<edit-config>` of the candidate with this `<config>` content (merge by default).
    case edit(config: String)
    case commit(label: String?)
    /// `abort` leaves for the user view too; `clear configuration candidate` stays.
    case discardChanges(leaveView: Bool)
    case quit
    case returnToUserView
    case display(DisplayRequest)
    /// Commit the configuration of this commit (meridian-commits `rollback` with `commit`).
    case rollback(commitID: UInt64)
    /// Commit the configuration from before the last `count` commits.
    case rollbackLast(count: Int)
}

/// A `display` command and its options.
public enum DisplayRequest: Sendable, Equatable {
    case status
    case sessions(verbose: Bool)
    case trace
    case currentConfiguration(include: String?)
    case candidateConfiguration(include: String?)
    case commitList(verbose: Bool)
    case commitChanges(commitID: UInt64)
}
