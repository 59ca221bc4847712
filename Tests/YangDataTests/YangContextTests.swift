import Testing
import YangData

@Suite struct YangContextTests {
    let context = Fixtures.context

    @Test func loadsTheStandardModulesWithRevisionsAndFeatures() throws {
        let system = try #require(context.module(named: "ietf-system"))
        #expect(system.revision == "2014-08-06")
        #expect(system.isImplemented)
        #expect(system.features == ["ntp", "ntp-udp-port"])
        #expect(system.namespace == "urn:ietf:params:xml:ns:yang:ietf-system")
        #expect(system.filePath?.hasPrefix("/usr/share/yuma/") == true)

        // NMDA revisions come first in the search path.
        #expect(context.module(named: "ietf-interfaces")?.revision == "2018-02-20")
        #expect(context.module(named: "ietf-ip")?.revision == "2018-02-22")
        #expect(context.module(named: "ietf-interfaces")?.features == ["arbitrary-names", "pre-provisioning"])
        #expect(context.module(named: "ietf-netconf")?.features.contains("candidate") == true)
        #expect(context.module(named: "ietf-netconf")?.features.contains("url") == false)

        for name in ["iana-if-type", "ietf-netconf-acm", "ietf-netconf-with-defaults", "ietf-netconf-monitoring", "ietf-yang-library"] {
            #expect(context.module(named: name)?.isImplemented == true, "\(name)")
        }
        // libyang's built-in yang library, newer than the 2016 file in libyuma-base.
        #expect(context.module(named: "ietf-yang-library")?.revision == "2019-01-04")
        // Imported only.
        #expect(context.module(named: "ietf-inet-types")?.isImplemented == false)
    }

    @Test func reportsDeviationsAndBuildsCapabilityURIs() throws {
        let system = try #require(context.module(named: "ietf-system"))
        #expect(system.deviations == ["meridian-test-deviations"])
        #expect(system.capabilityURI
            == "urn:ietf:params:xml:ns:yang:ietf-system?module=ietf-system&revision=2014-08-06&features=ntp,ntp-udp-port&deviations=meridian-test-deviations")
        let acm = try #require(context.module(named: "ietf-netconf-acm"))
        #expect(acm.capabilityURI == "urn:ietf:params:xml:ns:yang:ietf-netconf-acm?module=ietf-netconf-acm&revision=2018-02-14")
    }

    @Test func aMissingModuleIsAOneLineError() {
        let modules = YangModuleRequest.meridianStandard + [YangModuleRequest("ietf-no-such-module")]
        #expect {
            _ = try YangContext(searchDirectories: YangContext.standardSearchDirectories, modules: modules)
        } throws: { error in
            guard let error = error as? YangError else { return false }
            return error.code == .moduleNotFound && error.message.contains("ietf-no-such-module")
                && !error.message.contains("\n")
        }
    }

    @Test func anUnknownFeatureIsAnError() {
        #expect(throws: YangError.self) {
            _ = try YangContext(
                searchDirectories: YangContext.standardSearchDirectories,
                modules: [YangModuleRequest("ietf-system", features: ["no-such-feature"])])
        }
    }

    @Test func schemaTextIsTheModuleSource() throws {
        let text = try context.schemaText(module: "ietf-system", revision: "2014-08-06")
        #expect(text.contains("module ietf-system {"))
        #expect(text.contains("revision 2014-08-06"))
        // Built-in modules have no file: printed by libyang.
        let library = try context.schemaText(module: "ietf-yang-library")
        #expect(library.contains("module ietf-yang-library {"))
        #expect(throws: YangError.self) { try context.schemaText(module: "ietf-system", revision: "1999-01-01") }
    }

    @Test func yangLibraryDataListsTheModules() throws {
        let xml = try context.yangLibraryData().printXML()
        #expect(xml.contains("urn:ietf:params:xml:ns:yang:ietf-yang-library"))
        #expect(xml.contains("<name>ietf-system</name>"))
        #expect(xml.contains("<feature>ntp</feature>"))
    }
}
