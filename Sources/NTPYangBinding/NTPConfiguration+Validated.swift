public import Datastore

extension NTPConfiguration {
    /// The NTP configuration of a validated configuration, read once for it: the NTP
    /// rules, the implementation limits and the engine applier of one commit share it.
    public static func of(_ validated: ValidatedConfiguration) -> NTPConfiguration {
        validated.view(NTPConfiguration.self) { NTPConfiguration($0) }
    }
}
