extension UserRights {
    /// RFC 8341 §3.4.6: may the user receive the notification `name` of `module`? The first
    /// rule for it (module, `notification-name` or any, with `read`) decides; without one, a
    /// `nacm:default-deny-all` on the notification denies, else `read-default`.
    /// `replayComplete` and `notificationComplete` are not asked about: they are always sent.
    public func mayReceive(module: String, notification name: String) -> Bool {
        guard let configuration else { return true }
        let decided = firstRuleDecides(.read, module: module) { target in
            if case .notification(let notification) = target { notification == "*" || notification == name } else { false }
        }
        if let decided { return decided }
        if defaults["/" + module + ":" + name] == .all { return false }
        return configuration.readDefault == .permit
    }
}
