import Testing
import XMLSupport
@testable import OperatorCLI

@Suite struct ConfigTranslatorTests {
    func edit(_ line: String, in view: CommandView = .system) throws -> String {
        let command = try #require(try CommandGrammar.parser(for: view).parse(line))
        guard case .edit(let config) = try ConfigTranslator.action(for: command, in: view) else {
            Issue.record("not an edit: \(line)")
            return ""
        }
        // Every edit is well-formed XML.
        _ = try XMLDocumentParser.parse(Array("<config xmlns=\"\(Namespaces.netconf)\">\(config)</config>".utf8))
        return config
    }

    @Test func unicastServerReplacesTheWholeEntry() throws {
        let config = try edit("ntp-service unicast-server 10.0.1.31 port 10123 version 3 iburst authentication-keyid 10")
        #expect(config.contains("nc:operation=\"replace\"><name>10.0.1.31</name><udp><address>10.0.1.31</address><port>10123</port></udp>"))
        #expect(config.contains("<association-type>server</association-type><iburst>true</iburst>"))
        #expect(config.contains("<version xmlns=\"\(Namespaces.ntp)\">3</version>"))
        #expect(config.contains("<key-id xmlns=\"\(Namespaces.ntp)\">10</key-id>"))
    }

    @Test func unicastPeerIsAPeerAssociation() throws {
        #expect(try edit("ntp-service unicast-peer 127.0.1.32").contains("<association-type>peer</association-type>"))
    }

    @Test func undoRemoves() throws {
        #expect(try edit("undo ntp-service unicast-server 10.0.1.31").contains("nc:operation=\"remove\"><name>10.0.1.31</name></server>"))
        #expect(try edit("undo sysname").contains("<hostname xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"remove\">"))
    }

    @Test func keysAreEscaped() throws {
        let config = try edit("ntp-service authentication-keyid 10 authentication-mode md5 cipher a<b&c")
        #expect(config.contains("<ascii-key>a&lt;b&amp;c</ascii-key>"))
        #expect(config.contains("<algorithm>md5</algorithm>"))
    }

    @Test func aesCmacIsTheModelsAesCmac() throws {
        #expect(try edit("ntp-service authentication-keyid 1 authentication-mode aes-128-cmac hex-cipher 00112233445566778899aabbccddeeff")
            .contains("<algorithm>aes-cmac</algorithm><hex-key>00112233445566778899aabbccddeeff</hex-key>"))
    }

    @Test func interfaceAddressUsesPrefixLength() throws {
        let config = try edit("ip address 127.0.1.31 255.255.255.255", in: .interface("lo-c"))
        #expect(config.contains("<name>lo-c</name><ipv4 xmlns=\"\(Namespaces.ip)\"><address><ip>127.0.1.31</ip><prefix-length>32</prefix-length>"))
    }

    @Test func interfaceViewCreatesTheInterfaceWithAType() throws {
        let command = try #require(try CommandGrammar.parser(for: .system).parse("interface LoopBack0"))
        guard case .enterInterface(let name, let create) = try ConfigTranslator.action(for: command, in: .system) else {
            Issue.record("not an interface view")
            return
        }
        #expect(name == "LoopBack0")
        #expect(create.contains("nc:operation=\"create\"") && create.contains("ianaift:softwareLoopback"))
    }

    @Test func listenInterfaceAndServerDisable() throws {
        #expect(try edit("ntp-service server source-interface lo-c").contains("<listen-interface xmlns=\"\(Namespaces.ntp)\">lo-c</listen-interface>"))
        #expect(try edit("ntp-service server disable").contains("<server-enabled xmlns=\"\(Namespaces.ntp)\">false</server-enabled>"))
    }

    @Test func multicastClientDefaultsToTheNTPGroup() throws {
        #expect(try edit("ntp-service multicast-client", in: .interface("eth0")).contains("<group>224.0.1.1</group>"))
    }
}

@Suite struct AccessLimitedTests {
    @Test func limitedIsTheRateLimit() throws {
        let command = try #require(try CommandGrammar.parser(for: .system).parse("ntp-service access limited burst 4"))
        #expect(try ConfigTranslator.action(for: command, in: .system) == .edit(config:
            "<system xmlns=\"\(Namespaces.system)\"><ntp><rate-limit xmlns=\"\(Namespaces.ntp)\" xmlns:nc=\"\(Namespaces.netconf)\" "
            + "nc:operation=\"replace\"><burst>4</burst></rate-limit></ntp></system>"))
    }
}
