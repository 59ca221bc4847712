import NetconfModel
import NTPYangBinding
import Testing
import YangData

/// A host with one VRF device, `vrf-blue`.
struct FakeDevices: NetworkDevices {
    var devices: Set<String> = ["vrf-blue"]
    func exists(_ name: String) -> Bool { devices.contains(name) }
}

/// One test per MODEL.md rule: the violation's app-tag and error-path.
@Suite struct NTPRulesTests {
    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let mntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    static let ifs = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
    static let ip = "urn:ietf:params:xml:ns:yang:ietf-ip"

    static func interface(_ name: String, v4: String? = nil, v6: String? = nil, ntp: String = "") -> String {
        var xml = "<interface><name>\(name)</name><type xmlns:ianaift='urn:ietf:params:xml:ns:yang:iana-if-type'>ianaift:softwareLoopback</type>"
        if let v4 { xml += "<ipv4 xmlns='\(ip)'><address><ip>\(v4)</ip><prefix-length>32</prefix-length></address></ipv4>" }
        if let v6 { xml += "<ipv6 xmlns='\(ip)'><address><ip>\(v6)</ip><prefix-length>128</prefix-length></address></ipv6>" }
        if !ntp.isEmpty { xml += "<ntp xmlns='\(mntp)'>\(ntp)</ntp>" }
        return xml + "</interface>"
    }

    static func config(ntp: String, interfaces: [String] = [interface("lo1", v4: "127.0.1.31")]) -> String {
        "<system xmlns='\(sys)'><ntp>\(ntp)</ntp></system><interfaces xmlns='\(ifs)'>\(interfaces.joined())</interfaces>"
    }

    static func server(_ name: String, _ address: String, extra: String = "") -> String {
        "<server><name>\(name)</name><udp><address>\(address)</address></udp>\(extra)</server>"
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let rule: String
        let xml: String
        let appTag: String
        let path: String
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        Case(rule: "unspecified server address", xml: config(ntp: server("s", "0.0.0.0")),
             appTag: "server-address-unspecified", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "broadcast server address", xml: config(ntp: server("s", "255.255.255.255")),
             appTag: "server-address-broadcast", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "multicast server address", xml: config(ntp: server("s", "224.0.1.1")),
             appTag: "server-address-multicast", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "IPv6 multicast server address", xml: config(ntp: server("s", "ff05::101")),
             appTag: "server-address-multicast", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "reference-clock pseudo address", xml: config(ntp: server("s", "127.127.1.0")),
             appTag: "server-address-refclock", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "an address of this device", xml: config(ntp: server("s", "127.0.1.31")),
             appTag: "server-address-local", path: "/ietf-system:system/ntp/server[name='s']/udp/address"),
        Case(rule: "source interface without IPv4 address",
             xml: config(ntp: "<source-interface xmlns='\(mntp)'>v6only</source-interface>", interfaces: [interface("v6only", v6: "::1")]),
             appTag: "interface-without-address", path: "/ietf-system:system/ntp/meridian-ntp:source-interface"),
        Case(rule: "per-server source interface without the server's family",
             xml: config(ntp: server("s", "2001:db8::1", extra: "<source-interface xmlns='\(mntp)'>lo1</source-interface>")),
             appTag: "interface-without-address", path: "/ietf-system:system/ntp/server[name='s']/meridian-ntp:source-interface"),
        Case(rule: "untrusted key with authentication enabled",
             xml: config(ntp: """
                <authentication xmlns='\(mntp)'><enabled>true</enabled><key><key-id>7</key-id><algorithm>md5</algorithm><ascii-key>secret</ascii-key></key></authentication>
                \(server("s", "192.0.2.1", extra: "<key-id xmlns='\(mntp)'>7</key-id>"))
                """),
             appTag: "key-not-trusted", path: "/ietf-system:system/ntp/server[name='s']/meridian-ntp:key-id"),
        Case(rule: "multicast group not multicast",
             xml: config(ntp: "", interfaces: [interface("lo1", v4: "127.0.1.31", ntp: "<multicast-client><group>192.0.2.9</group></multicast-client>")]),
             appTag: "group-not-multicast", path: "/ietf-interfaces:interfaces/interface[name='lo1']/meridian-ntp:ntp/multicast-client[group='192.0.2.9']/group"),
        Case(rule: "broadcast on an interface without address",
             xml: config(ntp: "", interfaces: [interface("bare", ntp: "<broadcast-server/>")]),
             appTag: "interface-without-address", path: "/ietf-interfaces:interfaces/interface[name='bare']/meridian-ntp:ntp/broadcast-server"),
        Case(rule: "broadcast on a /32 address",
             xml: config(ntp: "", interfaces: [interface("lo1", v4: "127.0.1.31", ntp: "<broadcast-client/>")]),
             appTag: "no-broadcast-address", path: "/ietf-interfaces:interfaces/interface[name='lo1']/meridian-ntp:ntp/broadcast-client"),
        Case(rule: "IPv6 group on an IPv4-only interface",
             xml: config(ntp: "", interfaces: [interface("lo1", v4: "127.0.1.31", ntp: "<multicast-server><group>ff05::101</group></multicast-server>")]),
             appTag: "interface-without-address", path: "/ietf-interfaces:interfaces/interface[name='lo1']/meridian-ntp:ntp/multicast-server[group='ff05::101']"),
        Case(rule: "VRF that does not exist",
             xml: config(ntp: server("s", "192.0.2.1", extra: "<vpn-instance xmlns='\(mntp)'>vrf-red</vpn-instance>")),
             appTag: "vrf-not-found", path: "/ietf-system:system/ntp/server[name='s']/meridian-ntp:vpn-instance"),
    ]

    /// Interface references are leafrefs: the model itself rejects names that are not
    /// configured, with the leafref's instance-required tag and the precise path.
    static let modelCases: [Case] = [
        Case(rule: "source interface not configured",
             xml: config(ntp: "<source-interface xmlns='\(mntp)'>eth9</source-interface>"),
             appTag: "instance-required", path: "/ietf-system:system/ntp/meridian-ntp:source-interface"),
        Case(rule: "listen interface not configured",
             xml: config(ntp: "<listen-interface xmlns='\(mntp)'>eth7</listen-interface>"),
             appTag: "instance-required", path: "/ietf-system:system/ntp/meridian-ntp:listen-interface[.='eth7']"),
    ]

    @Test(arguments: modelCases)
    func unknownInterfaceIsRejectedByTheModel(_ example: Case) throws {
        let tree = try DataTree.parse(xml: example.xml, context: NTPContext.context)
        #expect { try tree.validate() } throws: { error in
            guard let first = (error as? YangErrors)?.first else { return false }
            return first.appTag == example.appTag && first.path == example.path
        }
    }

    @Test(arguments: cases)
    func ruleViolationIsReported(_ example: Case) throws {
        let errors = NTPRules(devices: FakeDevices()).validate(NTPConfiguration(try NTPContext.nodes(example.xml)))
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.type == .application)
        #expect(error.appTag == example.appTag)
        #expect(error.path == example.path)
        #expect(error.message?.isEmpty == false)
    }

    @Test func theSeedLabConfigurationsPass() throws {
        let devices = FakeDevices()
        let deviceC = Self.config(
            ntp: "<refclock-master xmlns='\(Self.mntp)'><stratum>2</stratum></refclock-master><listen-interface xmlns='\(Self.mntp)'>lo1</listen-interface>")
        let deviceD = Self.config(
            ntp: Self.server("C", "127.0.1.31", extra: "<iburst>true</iburst>") + "<source-interface xmlns='\(Self.mntp)'>lo2</source-interface>",
            interfaces: [Self.interface("lo2", v4: "127.0.1.32")])
        #expect(NTPRules(devices: devices).validate(NTPConfiguration(try NTPContext.nodes(deviceC))).isEmpty)
        #expect(NTPRules(devices: devices).validate(NTPConfiguration(try NTPContext.nodes(deviceD))).isEmpty)
    }

    @Test func aDomainNameServerIsAccepted() throws {
        #expect(NTPRules(devices: FakeDevices()).validate(NTPConfiguration(try NTPContext.nodes(Self.config(ntp: Self.server("pool", "pool.ntp.example"))))).isEmpty)
    }

    @Test func maxpollBelowMinpollIsRejectedByTheModel() throws {
        let xml = Self.config(ntp: Self.server("s", "192.0.2.1", extra: "<minpoll xmlns='\(Self.mntp)'>8</minpoll><maxpoll xmlns='\(Self.mntp)'>6</maxpoll>"))
        let tree = try DataTree.parse(xml: xml, context: NTPContext.context)
        #expect { try tree.validate() } throws: { error in
            (error as? YangErrors)?.first?.appTag == "maxpoll-below-minpoll"
        }
    }

    @Test func configurationIsReadIntoValues() throws {
        let xml = Self.config(ntp: """
            <port xmlns='\(Self.mntp)'>10123</port>
            <refclock-master xmlns='\(Self.mntp)'/>
            \(Self.server("C", "127.0.1.31", extra: "<iburst>true</iburst><prefer>true</prefer><minpoll xmlns='\(Self.mntp)'>1</minpoll><maxpoll xmlns='\(Self.mntp)'>3</maxpoll>"))
            """)
        let ntp = NTPConfiguration(try NTPContext.nodes(xml))
        #expect(ntp.enabled)
        #expect(ntp.port == 10123)
        #expect(ntp.refclockMasterStratum == 8, "stratum defaults to 8")
        #expect(ntp.servers.count == 1)
        let server = try #require(ntp.servers.first)
        #expect(server.address == "127.0.1.31" && server.iburst && server.prefer && server.minpoll == 1 && server.maxpoll == 3 && server.version == 4)
        #expect(ntp.interfaces.first?.ipv4 == ["127.0.1.31"])
    }

    /// The rules bind nothing: an interface address that is on no interface of this host
    /// is for the engine's prepare to refuse (EngineApplierErrorTests).
    @Test func anAddressNotOnThisHostIsNotTheRulesConcern() throws {
        let xml = Self.config(ntp: "<source-interface xmlns='\(Self.mntp)'>far</source-interface>",
                              interfaces: [Self.interface("far", v4: "192.0.2.77")])
        #expect(NTPRules(devices: FakeDevices()).validate(NTPConfiguration(try NTPContext.nodes(xml))).isEmpty)
    }
}
