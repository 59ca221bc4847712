extension AssociationConfiguration {
    /// Whether an association running with this configuration can take `new` without a
    /// restart: only settings read at each poll or selection differ (prefer, key, required
    /// authentication, version, burst, the unsynchronized poll limit). Pure, so the
    /// reconciliation planner decides with it what the engine then does.
    public func allowsInPlaceChange(to new: AssociationConfiguration) -> Bool {
        var comparable = new
        comparable.prefer = prefer
        comparable.keyID = keyID
        comparable.requireAuthentication = requireAuthentication
        comparable.version = version
        comparable.burst = burst
        comparable.unsynchronizedPollLimit = unsynchronizedPollLimit
        return comparable == self
    }
}

extension AssociationStateMachine {
    /// Applies a new configuration without restarting the association when
    /// ``AssociationConfiguration/allowsInPlaceChange(to:)``: the reach register, the
    /// clock filter and the poll state are kept. Returns false, changing nothing, when
    /// anything else differs; the caller then replaces the association.
    public mutating func reconfigure(_ new: AssociationConfiguration) -> Bool {
        guard configuration.allowsInPlaceChange(to: new) else { return false }
        configuration = new
        return true
    }
}
