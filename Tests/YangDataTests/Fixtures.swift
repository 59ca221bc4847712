import Foundation
import YangData

/// The context every test shares: Meridian's standard module set plus two test modules
/// written to a temporary directory (an augment with a leafref, a `must` with its own
/// error-app-tag, and a deviation, which the standard modules do not offer in configuration).
enum Fixtures {
    static let testModuleDirectory: String = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("yangdata-tests-\(getpid())", isDirectory: true)
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try! testModule.write(to: directory.appendingPathComponent("meridian-test@2024-01-01.yang"), atomically: true, encoding: .utf8)
        try! deviationModule.write(
            to: directory.appendingPathComponent("meridian-test-deviations@2024-01-01.yang"), atomically: true, encoding: .utf8)
        return directory.path
    }()

    static let searchDirectories = [testModuleDirectory] + YangContext.standardSearchDirectories

    static let modules = YangModuleRequest.meridianStandard + [
        YangModuleRequest("meridian-test"),
        YangModuleRequest("meridian-test-deviations"),
    ]

    static let context: YangContext = {
        do {
            return try YangContext(searchDirectories: searchDirectories, modules: modules)
        } catch {
            fatalError("test context: \(error)")
        }
    }()

    static let system = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let test = "urn:meridian:test"

    /// An ietf-system document with `ntp` content.
    static func ntp(_ content: String, hostname: String? = nil) -> String {
        let host = hostname.map { "<hostname>\($0)</hostname>" } ?? ""
        return "<system xmlns=\"\(system)\">\(host)<ntp>\(content)</ntp></system>"
    }

    static func server(_ name: String, address: String? = nil, extra: String = "") -> String {
        let udp = address.map { "<udp><address>\($0)</address></udp>" } ?? ""
        return "<server><name>\(name)</name>\(udp)\(extra)</server>"
    }

    static let testModule = """
        module meridian-test {
          yang-version 1.1;
          namespace "urn:meridian:test";
          prefix mt;
          import ietf-system { prefix sys; }
          import ietf-inet-types { prefix inet; }
          revision 2024-01-01;
          augment "/sys:system/sys:ntp" {
            container authentication {
              list key {
                key key-id;
                leaf key-id { type uint16 { range "1..65535"; } }
                leaf secret { type string; mandatory true; }
              }
            }
            leaf minpoll { type uint8 { range "4..17"; } default 6; }
            leaf maxpoll {
              type uint8 { range "4..17"; }
              default 10;
              must ". >= ../minpoll" {
                error-message "maxpoll must be greater than or equal to minpoll";
                error-app-tag "maxpoll-below-minpoll";
              }
            }
            leaf source-address { type inet:ip-address; }
          }
          augment "/sys:system/sys:ntp/sys:server" {
            leaf key-id {
              type leafref { path "../../mt:authentication/mt:key/mt:key-id"; }
            }
          }
        }
        """

    static let deviationModule = """
        module meridian-test-deviations {
          yang-version 1.1;
          namespace "urn:meridian:test-deviations";
          prefix mtd;
          import ietf-system { prefix sys; }
          revision 2024-01-01;
          deviation "/sys:system/sys:location" { deviate not-supported; }
        }
        """
}
