import Datastore
import NetconfModel
import Synchronization
import Testing
import XMLSupport
import YangData

/// A state source that counts how often it is read.
final class CountingSource: StateSource, @unchecked Sendable {
    let reads = Atomic<Int>(0)
    var topLevelElements: [(name: String, namespace: String)] {
        [("system-state", "urn:ietf:params:xml:ns:yang:ietf-system")]
    }
    func stateXML() async -> String {
        reads.add(1, ordering: .relaxed)
        return "<system-state xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><platform><os-name>Test</os-name></platform></system-state>"
    }
}

@Suite struct StateSelectionTests {
    static func filter(_ xml: String) throws -> RetrievalFilter {
        .subtree(SubtreeFilter(try XMLDocumentParser.parse(Array("<f>\(xml)</f>".utf8)).childElements))
    }

    @Test func aSourceIsReadOnlyWhenTheFilterCanSelectIt() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        let source = CountingSource()
        await service.addStateSource(source)
        _ = await service.get(filter: try Self.filter("<netconf-state xmlns='urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring'/>"), withDefaults: nil)
        #expect(source.reads.load(ordering: .relaxed) == 0)
        guard case .data(let xml) = await service.get(filter: try Self.filter("<system-state xmlns='urn:ietf:params:xml:ns:yang:ietf-system'/>"), withDefaults: nil)
        else { Issue.record("get failed"); return }
        #expect(source.reads.load(ordering: .relaxed) == 1)
        #expect(xml.contains("<os-name>Test</os-name>"))
        _ = await service.get(filter: nil, withDefaults: nil)
        #expect(source.reads.load(ordering: .relaxed) == 2, "an unfiltered get reads every source")
        _ = await service.get(filter: try Self.filter("<system-state xmlns=''/>"), withDefaults: nil)
        #expect(source.reads.load(ordering: .relaxed) == 3, "a filter element without namespace matches any namespace")
    }
}
