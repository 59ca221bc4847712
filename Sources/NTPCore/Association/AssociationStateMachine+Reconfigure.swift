extension AssociationStateMachine {
    /// Applies a new configuration without restarting the association when only settings
    /// read at each poll or selection differ (prefer, key, required authentication, version, burst, the unsynchronized poll limit): the reach
    /// register, the clock filter and the poll state are kept. Returns false, changing
    /// nothing, when anything else differs; the caller then replaces the association.
    public mutating func reconfigure(_ new: AssociationConfiguration) -> Bool {
        var comparable = new
        comparable.prefer = configuration.prefer
        comparable.keyID = configuration.keyID
        comparable.requireAuthentication = configuration.requireAuthentication
        comparable.version = configuration.version
        comparable.burst = configuration.burst
        comparable.unsynchronizedPollLimit = configuration.unsynchronizedPollLimit
        guard comparable == configuration else { return false }
        configuration = new
        return true
    }
}
