import AccessControl
import Testing

/// RFC 8341 §3.4.6: which notifications a user receives.
@Suite struct NotificationAccessTests {
    func rights(_ configure: (inout NACMConfiguration) -> Void, defaults: [String: DefaultDeny] = [:]) -> UserRights {
        var configuration = NACMConfiguration()
        configure(&configuration)
        return AccessPolicy(configuration: configuration, defaults: defaults).rights(for: "operator")
    }

    @Test func readDefaultDecidesWithoutARule() {
        #expect(rights { _ in }.mayReceive(module: "ietf-netconf-notifications", notification: "netconf-session-start"))
        #expect(!rights { $0.readDefault = .deny }.mayReceive(module: "ietf-netconf-notifications", notification: "netconf-session-start"))
    }

    @Test func aNotificationRuleOfTheUsersGroupDecides() {
        let denied = rights {
            $0.groups["ops"] = ["operator"]
            $0.ruleLists = [.init(name: "ops", groups: ["ops"], rules: [
                .init(name: "no-session-events", module: "ietf-netconf-notifications", target: .notification("netconf-session-start"),
                      operations: .read, action: .deny),
            ])]
        }
        #expect(!denied.mayReceive(module: "ietf-netconf-notifications", notification: "netconf-session-start"))
        #expect(denied.mayReceive(module: "ietf-netconf-notifications", notification: "netconf-config-change"))
        #expect(denied.mayReceive(module: "meridian-ntp", notification: "netconf-session-start"))
    }

    @Test func aRuleWithoutReadDoesNotApply() {
        let rights = rights {
            $0.groups["ops"] = ["operator"]
            $0.ruleLists = [.init(name: "ops", groups: ["ops"], rules: [
                .init(name: "exec-only", target: .notification("*"), operations: .exec, action: .deny),
            ])]
        }
        #expect(rights.mayReceive(module: "ietf-netconf-notifications", notification: "netconf-config-change"))
    }

    @Test func defaultDenyAllOnTheNotificationDenies() {
        let rights = rights({ _ in }, defaults: ["/secret-module:secret-event": .all])
        #expect(!rights.mayReceive(module: "secret-module", notification: "secret-event"))
        #expect(UserRights.unrestricted.mayReceive(module: "secret-module", notification: "secret-event"))
    }
}
