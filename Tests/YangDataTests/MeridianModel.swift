import Foundation
import ModelTestSupport
import YangData

/// Meridian's real model (the standard modules plus `yang/`: meridian-ntp and
/// meridian-deviations), as the daemon loads it; and the same with one small test module that
/// adds what the real model does not use (`unique`, `min-elements`, `max-elements`, `when`, a
/// `must` without its own message, a range with its own message and one of two parts).
enum MeridianModel {
    static let yangDirectory = MeridianModelContext.yangDirectory
    static let modules = MeridianModelContext.modules

    static let context: YangContext = load(modules, extraDirectory: nil)

    static let withCountsAndConditions: YangContext = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("yangdata-error-tests-\(getpid())", isDirectory: true)
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try! countsModule.write(
            to: directory.appendingPathComponent("meridian-error-test@2024-01-01.yang"), atomically: true, encoding: .utf8)
        return load(modules + [YangModuleRequest("meridian-error-test")], extraDirectory: directory.path)
    }()

    private static func load(_ modules: [YangModuleRequest], extraDirectory: String?) -> YangContext {
        let directories = (extraDirectory.map { [$0] } ?? []) + [yangDirectory] + YangContext.standardSearchDirectories
        do {
            return try YangContext(searchDirectories: directories, modules: modules)
        } catch {
            fatalError("cannot load the Meridian model: \(error)")
        }
    }

    static let system = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let mntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    static let interfaces = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
    static let ianaIfType = "urn:ietf:params:xml:ns:yang:iana-if-type"
    static let ip = "urn:ietf:params:xml:ns:yang:ietf-ip"
    static let errorTest = "urn:meridian:error-test"

    /// `<system><ntp>content</ntp></system>`, with `hostname` when given.
    static func ntp(_ content: String, hostname: String? = nil) -> String {
        "<system xmlns=\"\(system)\">" + (hostname.map { "<hostname>\($0)</hostname>" } ?? "") + "<ntp>\(content)</ntp></system>"
    }

    /// A server with a UDP address; `extra` in the meridian-ntp namespace unless it says otherwise.
    static func server(_ name: String, address: String? = "192.0.2.1", extra: String = "") -> String {
        "<server><name>\(name)</name>" + (address.map { "<udp><address>\($0)</address></udp>" } ?? "") + extra + "</server>"
    }

    /// A meridian-ntp element.
    static func m(_ name: String, _ content: String) -> String {
        "<\(name) xmlns=\"\(mntp)\">\(content)</\(name)>"
    }

    /// An authentication key; `algorithm` and `secret` are left out when `nil`.
    static func key(_ id: String, algorithm: String? = "md5", hexKey: String? = "0a1b") -> String {
        "<key><key-id>\(id)</key-id>" + (algorithm.map { "<algorithm>\($0)</algorithm>" } ?? "")
            + (hexKey.map { "<hex-key>\($0)</hex-key>" } ?? "") + "</key>"
    }

    static func interface(_ name: String, type: String? = "softwareLoopback", extra: String = "") -> String {
        "<interfaces xmlns=\"\(interfaces)\"><interface><name>\(name)</name>"
            + (type.map { "<type xmlns:ianaift=\"\(ianaIfType)\">ianaift:\($0)</type>" } ?? "")
            + extra + "</interface></interfaces>"
    }

    /// A `peer-group` of the test module.
    static func peerGroup(_ name: String, _ content: String = "<member>m</member>") -> String {
        "<peer-group xmlns=\"\(errorTest)\"><name>\(name)</name>\(content)</peer-group>"
    }

    static let countsModule = """
        module meridian-error-test {
          yang-version 1.1;
          namespace "urn:meridian:error-test";
          prefix met;
          import ietf-system { prefix sys; }
          revision 2024-01-01;
          augment "/sys:system/sys:ntp" {
            list peer-group {
              key "name";
              unique "address";
              max-elements 2;
              leaf name { type string; }
              leaf address { type string; }
              leaf-list member { type string; min-elements 1; }
              leaf mode { type enumeration { enum unicast; enum manycast; } }
              leaf ttl { when "../mode = 'manycast'"; type uint8; }
              leaf weight {
                type int32 { range "1..10 | 20..30" { error-message "weight is 1 to 10 or 20 to 30"; } }
              }
              leaf priority { type int32 { range "1..10 | 20..30"; } }
              container timing {
                presence "explicit timing";
                must "fast or slow";
                leaf fast { type empty; }
                leaf slow { type empty; }
              }
            }
          }
        }
        """
}
