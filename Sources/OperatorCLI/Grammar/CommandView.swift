/// The VRP view a line is read in; each has its own grammar and prompt.
public enum CommandView: Sendable, Equatable {
    /// `<sysname>`: displays and `system-view`.
    case user
    /// `[~sysname]`: global configuration.
    case system
    /// `[~sysname-GigabitEthernet0/1/0]`: one interface's configuration.
    case interface(String)
}
