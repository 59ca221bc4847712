import Foundation
import Testing
import YangData

/// Differential check: for each configuration, `DataTree.parse` + `validate()` and libyang's
/// own CLI, `yanglint -t config`, loaded with the same modules, features and search
/// directories, must reach the same verdict.
private let yanglintPath = "/usr/bin/yanglint"

@Suite(.enabled(
    if: FileManager.default.isExecutableFile(atPath: yanglintPath),
    "yanglint not installed (`make test` installs libyang2-tools)"))
struct YanglintDifferentialTests {
    static let yanglint = yanglintPath

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let xml: String
        var testDescription: String { name }
    }

    static let mt = "xmlns=\"urn:meridian:test\""
    static let cases: [Case] = [
        // (yanglint refuses an empty file as unreadable input, so no "empty" case.)
        Case(name: "empty system", xml: "<system xmlns=\"\(Fixtures.system)\"/>"),
        Case(name: "hostname", xml: Fixtures.ntp("", hostname: "r1")),
        Case(name: "servers", xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("b", address: "2001:db8::1"))),
        Case(name: "port out of range", xml: Fixtures.ntp("<server><name>a</name><udp><address>10.0.0.1</address><port>70000</port></udp></server>")),
        Case(name: "missing transport", xml: Fixtures.ntp(Fixtures.server("a"))),
        Case(name: "dangling leafref", xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1", extra: "<key-id \(mt)>3</key-id>"))),
        Case(name: "resolved leafref", xml: Fixtures.ntp(
            "<authentication \(mt)><key><key-id>3</key-id><secret>x</secret></key></authentication>"
                + Fixtures.server("a", address: "10.0.0.1", extra: "<key-id \(mt)>3</key-id>"))),
        Case(name: "must violated", xml: Fixtures.ntp("<minpoll \(mt)>9</minpoll><maxpoll \(mt)>8</maxpoll>")),
        Case(name: "must satisfied", xml: Fixtures.ntp("<minpoll \(mt)>4</minpoll><maxpoll \(mt)>8</maxpoll>")),
        Case(name: "bad ip address", xml: Fixtures.ntp("<source-address \(mt)>10.0.0.256</source-address>")),
        Case(name: "unknown element", xml: Fixtures.ntp("<color>blue</color>")),
        Case(name: "deviated node", xml: "<system xmlns=\"\(Fixtures.system)\"><location>lab</location></system>"),
        Case(name: "state data", xml: "<system-state xmlns=\"\(Fixtures.system)\"><platform><os-name>x</os-name></platform></system-state>"),
        Case(name: "interface", xml: """
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>GigabitEthernet0/1/0</name>\
            <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>\
            <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.1.1.1</ip><prefix-length>24</prefix-length></address></ipv4>\
            </interface></interfaces>
            """),
        Case(name: "interface without type", xml: "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"><interface><name>eth0</name></interface></interfaces>"),
        Case(name: "address without prefix", xml: """
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>eth0</name>\
            <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>\
            <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.1.1.1</ip></address></ipv4></interface></interfaces>
            """),
        Case(name: "duplicate server", xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("a", address: "10.0.0.2"))),
        Case(name: "nacm", xml: "<nacm xmlns=\"urn:ietf:params:xml:ns:yang:ietf-netconf-acm\"><enable-nacm>false</enable-nacm></nacm>"),
    ]

    @Test(arguments: cases)
    func sameVerdictAsYanglint(_ testCase: Case) throws {
        let ours = Self.ourVerdict(testCase.xml)
        let theirs = try Self.yanglintVerdict(testCase.xml)
        #expect(ours.valid == theirs.valid, "meridian: \(ours.detail)\nyanglint: \(theirs.detail)")
    }

    static func ourVerdict(_ xml: String) -> (valid: Bool, detail: String) {
        do {
            try DataTree.parse(xml: xml, context: Fixtures.context).validate()
            return (true, "valid")
        } catch {
            return (false, error.description)
        }
    }

    static func yanglintVerdict(_ xml: String) throws -> (valid: Bool, detail: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("yanglint-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let modules = Fixtures.context.implementedModules.filter { $0.filePath != nil }
        var arguments = ["-D"]
        for directory in Fixtures.context.searchDirectories { arguments += ["-p", directory] }
        for module in modules { arguments += ["-F", "\(module.name):\(module.features.joined(separator: ","))"] }
        arguments += ["-t", "config"]
        arguments += modules.compactMap(\.filePath)
        arguments.append(file.path)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: yanglint)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, detail)
    }
}
