import Testing
import XMLSupport
@testable import OperatorCLI

@Suite struct RendererTests {
    func data(_ inner: String) throws -> XMLElement {
        try XMLDocumentParser.parse(Array("<data xmlns=\"\(Namespaces.netconf)\">\(inner)</data>".utf8))
    }

    @Test func statusShowsTheGuideFields() throws {
        let reply = try data("""
            <system-state xmlns="\(Namespaces.system)"><ntp xmlns="\(Namespaces.ntp)"><clock-state>
            <status>synchronized</status><stratum>4</stratum><reference-id>127.0.1.32</reference-id>
            <nominal-frequency>1000000000</nominal-frequency><actual-frequency>1000000000.0</actual-frequency>
            <precision>-20</precision><offset>0.012</offset><root-delay>0.2</root-delay><root-dispersion>1.5</root-dispersion>
            <peer-dispersion>0.9</peer-dispersion><reference-time>2013-09-19T06:52:33.465Z</reference-time>
            <sync-state>clock-synchronized</sync-state></clock-state></ntp></system-state>
            """)
        let text = StatusRenderer.render(reply)
        #expect(text.contains("  clock status: synchronized\n  clock stratum: 4\n  reference clock ID: 127.0.1.32"))
        #expect(text.contains("clock precision: 2^-20"))
        #expect(text.contains("reference time: 06:52:33.465 UTC Sep 19 2013(D5E51DB1.770A3D70)"))
        #expect(text.contains("synchronization state: clock synchronized"))
    }

    @Test func serverTextIsEscapedForTheTerminal() throws {
        let reply = try data("""
            <system-state xmlns="\(Namespaces.system)"><ntp xmlns="\(Namespaces.ntp)"><clock-state>
            <reference-id>&#x9b;2J&#x7f;owned</reference-id></clock-state></ntp></system-state>
            """)
        let text = StatusRenderer.render(reply)
        // XML 1.0 cannot carry ESC, but it can carry the C1 CSI (0x9B) and DEL.
        #expect(!text.unicodeScalars.contains { $0.value == 0x9b || $0.value == 0x7f })
        #expect(text.contains("\\x9B2J\\x7Fowned"))
    }

    @Test func configurationRendersBackIntoCommandsThatParse() throws {
        let reply = try data("""
            <system xmlns="\(Namespaces.system)"><hostname>DeviceD</hostname><ntp>
            <source-interface xmlns="\(Namespaces.ntp)">lo-d</source-interface>
            <authentication xmlns="\(Namespaces.ntp)"><enabled>true</enabled><key><key-id>10</key-id><algorithm>aes-cmac</algorithm>
            <hex-key>00112233445566778899aabbccddeeff</hex-key><trusted>true</trusted></key></authentication>
            <server><name>127.0.1.31</name><udp><address>127.0.1.31</address><port>10123</port></udp>
            <association-type>server</association-type><iburst>true</iburst>
            <minpoll xmlns="\(Namespaces.ntp)">-1</minpoll><maxpoll xmlns="\(Namespaces.ntp)">0</maxpoll></server>
            </ntp></system>
            <interfaces xmlns="\(Namespaces.interfaces)"><interface><name>lo-d</name>
            <ipv4 xmlns="\(Namespaces.ip)"><address><ip>127.0.1.32</ip><prefix-length>32</prefix-length></address></ipv4>
            <ntp xmlns="\(Namespaces.ntp)"><broadcast-client/></ntp></interface></interfaces>
            """)
        let text = ConfigurationRenderer.render(reply)
        #expect(text == """
            #
            sysname DeviceD
            #
            interface lo-d
             ip address 127.0.1.32 255.255.255.255
             ntp-service broadcast-client
            #
            ntp-service authentication-keyid 10 authentication-mode aes-128-cmac hex-cipher 00112233445566778899aabbccddeeff
            ntp-service reliable authentication-keyid 10
            ntp-service authentication enable
            ntp-service source-interface lo-d
            ntp-service unicast-server 127.0.1.31 port 10123 minpoll -1 maxpoll 0 iburst
            #
            return
            """)
        var view = CommandView.system
        for line in text.split(separator: "\n") where line != "return" {
            let trimmed = line.trimmingPrefix(" ")
            let command: ParsedCommand?
            if case .interface = view, let inInterface = try? CommandGrammar.parser(for: view).parse(String(trimmed)) {
                // `try?`: a line the interface view refuses is tried in the system view below.
                command = inInterface
            } else {
                command = try CommandGrammar.parser(for: .system).parse(String(trimmed))
            }
            if command?.command == "interface" { view = .interface(command!["interface"]!) }
        }
        #expect(ConfigurationRenderer.render(reply, include: "unicast") == "ntp-service unicast-server 127.0.1.31 port 10123 minpoll -1 maxpoll 0 iburst")
    }

    @Test func sessionsTableHasOneRowPerAssociation() throws {
        let reply = try data("""
            <system-state xmlns="\(Namespaces.system)"><ntp xmlns="\(Namespaces.ntp)"><association>
            <address>127.0.1.31</address><local-mode>client</local-mode><configured>true</configured><stratum>2</stratum>
            <reference-id>LOCL</reference-id><reach>255</reach><poll>6</poll><now>3</now><offset>0.1</offset><delay>0.2</delay>
            <dispersion>0.3</dispersion><selection>sys-peer</selection></association></ntp></system-state>
            """)
        let table = SessionsRenderer.render(reply, verbose: false)
        #expect(table.contains(" [135]127.0.1.31      LOCL               2   255   64    3 0.1 0.2 0.3"))
        #expect(table.contains("Total associations :  1"))
        #expect(SessionsRenderer.render(reply, verbose: true).contains("  clock source: 127.0.1.31\n  clock stratum: 2"))
    }
}
