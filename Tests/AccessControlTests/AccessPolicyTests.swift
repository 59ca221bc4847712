import AccessControl
import Testing

/// RFC 8341 §3.4 evaluated on hand-made policies (no schema, no sockets).
@Suite struct AccessPolicyTests {
    typealias Rule = NACMConfiguration.Rule
    static let secret = [
        NodeStep(module: "meridian-ntp", name: "ntp"), NodeStep(module: "meridian-ntp", name: "authentication"),
        NodeStep(module: "meridian-ntp", name: "key", keys: ["key-id": "1"]), NodeStep(module: "meridian-ntp", name: "hex-key"),
    ]
    static let defaults: [String: DefaultDeny] = [
        "/ietf-netconf:kill-session": .all, "/ietf-netconf:delete-config": .all,
        "/meridian-ntp:ntp/meridian-ntp:authentication/meridian-ntp:key/meridian-ntp:hex-key": .all,
        "/ietf-netconf-acm:nacm": .write,
    ]
    static let hostname = [NodeStep(module: "ietf-system", name: "system"), NodeStep(module: "ietf-system", name: "hostname")]
    static let nacm = [NodeStep(module: "ietf-netconf-acm", name: "nacm")]

    func policy(_ configure: (inout NACMConfiguration) -> Void) -> AccessPolicy {
        var configuration = NACMConfiguration()
        configure(&configuration)
        return AccessPolicy(configuration: configuration, defaults: Self.defaults)
    }

    @Test func defaultsReadAndExecButNoWriteNoSecretsNoKill() {
        let rights = policy { _ in }.rights(for: "operator")
        #expect(rights.mayAccess(Self.hostname, .read))
        #expect(!rights.mayAccess(Self.hostname, .update))
        #expect(!rights.mayAccess(Self.secret, .read))
        #expect(rights.mayExecute(module: "ietf-netconf", rpc: "get-config"))
        #expect(rights.mayExecute(module: "ietf-netconf", rpc: "edit-config"))
        #expect(!rights.mayExecute(module: "ietf-netconf", rpc: "kill-session"))
        #expect(!rights.mayExecute(module: "ietf-netconf", rpc: "delete-config"))
        #expect(rights.mayExecute(module: "ietf-netconf", rpc: "close-session"))
        #expect(!rights.readsEverything && !rights.writesEverything)
    }

    @Test func aPermitAllRuleOverridesTheBuiltInDefaults() {
        let rights = policy {
            $0.groups["admin"] = ["admin"]
            $0.ruleLists = [.init(name: "admin", groups: ["admin"], rules: [Rule(name: "all", action: .permit)])]
        }.rights(for: "admin")
        #expect(rights.mayAccess(Self.secret, .read) && rights.mayAccess(Self.nacm, .create))
        #expect(rights.mayExecute(module: "ietf-netconf", rpc: "kill-session"))
        #expect(rights.readsEverything && rights.writesEverything)
    }

    @Test func disabledMeansUnrestricted() {
        let rights = policy { $0.enabled = false }.rights(for: "anyone")
        #expect(rights.mayAccess(Self.secret, .read) && rights.mayExecute(module: "ietf-netconf", rpc: "kill-session"))
    }

    @Test func rulesApplyInOrderAndOnlyToTheUsersGroups() {
        let policy = policy {
            $0.groups = ["ops": ["olga"], "limited": ["lee"]]
            $0.writeDefault = .permit
            $0.ruleLists = [
                .init(name: "ops", groups: ["ops"], rules: [
                    Rule(name: "no-hostname", module: "ietf-system", target: .path(NACMPath("/ietf-system:system/hostname")!),
                         operations: .write, action: .deny),
                    Rule(name: "system", module: "ietf-system", action: .permit),
                ]),
                .init(name: "limited", groups: ["limited"], rules: [
                    Rule(name: "no-edit", module: "ietf-netconf", target: .rpc("edit-config"), operations: .exec, action: .deny),
                ]),
            ]
        }
        let olga = policy.rights(for: "olga")
        #expect(!olga.mayAccess(Self.hostname, .update))
        #expect(olga.mayAccess([NodeStep(module: "ietf-system", name: "system"), NodeStep(module: "ietf-system", name: "location")], .update))
        #expect(olga.mayExecute(module: "ietf-netconf", rpc: "edit-config"))
        let lee = policy.rights(for: "lee")
        #expect(!lee.mayExecute(module: "ietf-netconf", rpc: "edit-config"))
        #expect(lee.mayAccess(Self.hostname, .update), "write-default permit; olga's rules are not lee's")
    }

    @Test func pathRulesMatchKeysAndDescendants() throws {
        let path = try #require(NACMPath("/meridian-ntp:ntp/authentication/key[key-id='1']"))
        #expect(path.covers(Self.secret))
        var other = Self.secret
        other[2].keys = ["key-id": "2"]
        #expect(!path.covers(other))
        #expect(!path.covers(Array(Self.secret.prefix(2))))
        #expect(NACMPath("ietf-system:system") == nil)
        #expect(NACMPath("/a:b[k='x]'][j=\"y\"]/c")?.steps.first?.keys == ["k": "x]", "j": "y"])
    }

    @Test func stepsOfADataPath() {
        let steps = UserRights.steps(ofDataPath: "/meridian-ntp:ntp/authentication/key[key-id='1']/hex-key")
        #expect(steps == Self.secret)
    }

    @Test func accessOperationsParse() {
        #expect(AccessOperations(parsing: "*") == .all)
        #expect(AccessOperations(parsing: "create update delete") == .write)
        #expect(AccessOperations(parsing: "read exec") == [.read, .exec])
    }
}

@Suite struct FastPathTests {
    typealias Rule = NACMConfiguration.Rule

    func rights(_ rules: [Rule]) -> UserRights {
        var configuration = NACMConfiguration()
        configuration.groups["g"] = ["u"]
        configuration.ruleLists = [.init(name: "l", groups: ["g"], rules: rules)]
        return AccessPolicy(configuration: configuration, defaults: [:]).rights(for: "u")
    }

    @Test func permitRulesBeforeThePermitAllKeepTheFastPath() {
        let path = NACMPath("/ietf-system:system/location")!
        let permits = rights([Rule(name: "p", target: .path(path), operations: .read, action: .permit), Rule(name: "all", action: .permit)])
        #expect(permits.readsEverything && permits.writesEverything)
        let denies = rights([Rule(name: "d", target: .path(path), operations: .read, action: .deny), Rule(name: "all", action: .permit)])
        #expect(!denies.readsEverything && denies.writesEverything)
        let rpcOnly = rights([Rule(name: "r", target: .rpc("kill-session"), operations: .exec, action: .deny), Rule(name: "all", action: .permit)])
        #expect(rpcOnly.readsEverything && !rpcOnly.mayExecute(module: "ietf-netconf", rpc: "kill-session"))
    }
}

@Suite struct DefaultDenySubtreeTests {
    @Test func aDefaultDenyCoversTheSubtree() {
        var configuration = NACMConfiguration()
        configuration.writeDefault = .permit
        let rights = AccessPolicy(configuration: configuration, defaults: ["/ietf-netconf-acm:nacm": .all]).rights(for: "u")
        let leaf = [NodeStep(module: "ietf-netconf-acm", name: "nacm"), NodeStep(module: "ietf-netconf-acm", name: "enable-nacm")]
        #expect(!rights.mayAccess(leaf, .update) && !rights.mayAccess(leaf, .read))
        #expect(rights.mayAccess([NodeStep(module: "ietf-system", name: "system")], .update))
    }
}
