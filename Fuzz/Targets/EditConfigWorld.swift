import Datastore
import Glibc
import NetconfModel
import NTPYangBinding
import XMLSupport
import YangData

/// The datastores the edit-config target works on, made once per process: Meridian's full
/// model, a `DatastoreService` in memory with the NTP rules (and a host probe that asks no
/// kernel), and running committed from ``runningConfiguration``.
final class EditConfigWorld: Sendable {
    static let shared = EditConfigWorld()

    let context: YangContext
    let service: DatastoreService
    /// Running as `<get-config>` prints it: the candidate after `<discard-changes>`.
    let runningXML: String
    /// The same as XML elements, what the subtree filter reads.
    let runningElements: [XMLElement]

    private init() {
        do {
            context = try YangContext(
                searchDirectories: [Self.yangDirectory] + YangContext.standardSearchDirectories,
                modules: YangModuleRequest.meridianStandard + [YangModuleRequest("meridian-ntp"), YangModuleRequest("meridian-deviations")])
        } catch {
            fatalError("cannot load the Meridian model from \(Self.yangDirectory): \(error)")
        }
        let service = DatastoreService(context: context, stateDirectory: nil, validators: [NTPRules(devices: FixedDevices())])
        self.service = service
        let session = SessionID(rawValue: 1)
        let config: XMLElement
        do { config = try XMLDocumentParser.parse(Array(Self.runningConfiguration.utf8)) } catch { fatalError("seed running: \(error)") }
        let copied = blockingAwait { await service.copyConfig(.candidate, source: .inline(config), session: session) }
        let committed = blockingAwait { await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session) }
        guard copied == .ok, committed == .ok else { fatalError("seed running refused: \(copied) \(committed)") }
        guard case .data(let xml) = blockingAwait({ await service.getConfig(.candidate, filter: nil, withDefaults: nil) }) else {
            fatalError("cannot print the seed running configuration")
        }
        runningXML = xml
        do { runningElements = try XMLDocumentParser.parse(Array("<data>\(xml)</data>".utf8)).childElements } catch {
            fatalError("the running configuration printed does not parse: \(error)")
        }
    }

    /// `yang/` of this checkout (the modules meridiand serves), or `MERIDIAN_YANG_DIR`.
    static var yangDirectory: String {
        if let override = getenv("MERIDIAN_YANG_DIR") { return String(cString: override) }
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/yang"
    }

    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let mntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    static let ifs = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
    static let ip = "urn:ietf:params:xml:ns:yang:ietf-ip"
    static let nacm = "urn:ietf:params:xml:ns:yang:ietf-netconf-acm"

    static let runningConfiguration = """
        <config xmlns="\(NetconfNamespace.base)">
          <system xmlns="\(sys)">
            <hostname>meridian</hostname>
            <ntp>
              <enabled>true</enabled>
              <server><name>a</name><udp><address>192.0.2.1</address><port>10123</port></udp><iburst>true</iburst></server>
              <server><name>b</name><udp><address>192.0.2.2</address></udp><prefer>true</prefer>
                <minpoll xmlns="\(mntp)">4</minpoll><maxpoll xmlns="\(mntp)">8</maxpoll><key-id xmlns="\(mntp)">7</key-id></server>
              <server><name>p</name><udp><address>198.51.100.7</address></udp><association-type>peer</association-type></server>
              <port xmlns="\(mntp)">10123</port>
              <listen-interface xmlns="\(mntp)">lo</listen-interface>
              <authentication xmlns="\(mntp)">
                <enabled>false</enabled>
                <key><key-id>7</key-id><algorithm>sha1</algorithm><hex-key>0123456789abcdef</hex-key><trusted>true</trusted></key>
                <key><key-id>8</key-id><algorithm>md5</algorithm><ascii-key>secret</ascii-key></key>
              </authentication>
              <access-rule xmlns="\(mntp)"><mode>query</mode><prefix>192.0.2.0/24</prefix><prefix>::1/128</prefix></access-rule>
              <rate-limit xmlns="\(mntp)"><average-interval>2</average-interval><burst>8</burst></rate-limit>
            </ntp>
          </system>
          <nacm xmlns="\(nacm)">
            <groups><group><name>admin</name><user-name>admin</user-name><user-name>alice</user-name></group></groups>
            <rule-list>
              <name>admins</name><group>admin</group>
              <rule><name>all</name><module-name>*</module-name><access-operations>*</access-operations><action>permit</action></rule>
            </rule-list>
            <rule-list>
              <name>guests</name><group>*</group>
              <rule><name>ntp-read</name><module-name>ietf-system</module-name><access-operations>read</access-operations><action>permit</action></rule>
              <rule><name>deny-rest</name><module-name>*</module-name><access-operations>create update delete</access-operations><action>deny</action></rule>
            </rule-list>
          </nacm>
          <interfaces xmlns="\(ifs)">
            <interface>
              <name>lo</name>
              <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:softwareLoopback</type>
              <ipv4 xmlns="\(ip)"><address><ip>127.0.0.1</ip><prefix-length>8</prefix-length></address></ipv4>
              <ipv6 xmlns="\(ip)"><address><ip>::1</ip><prefix-length>128</prefix-length></address></ipv6>
            </interface>
            <interface>
              <name>lab0</name>
              <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>
              <ipv4 xmlns="\(ip)"><address><ip>192.0.2.10</ip><prefix-length>24</prefix-length></address></ipv4>
              <ntp xmlns="\(mntp)"><broadcast-server/><multicast-client><group>224.0.1.1</group></multicast-client></ntp>
            </interface>
          </interfaces>
        </config>
        """
}

/// Answers as a host with one VRF, `vrf-lab`, whatever the machine: the NTP rules then
/// judge the same input the same way everywhere.
struct FixedDevices: NetworkDevices {
    func exists(_ name: String) -> Bool { name == "vrf-lab" }
}
