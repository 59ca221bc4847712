@testable import Datastore
import Synchronization
import Testing

/// A typed view of a validated configuration is read once for it and never answered for another.
@Suite struct ValidatedConfigurationTests {
    struct Count: Sendable { var value: Int }

    @Test func aViewIsReadOncePerConfiguration() {
        let reads = Mutex(0)
        let read = { (_: [Any]) -> Count in Count(value: reads.withLock { $0 += 1; return $0 }) }
        let first = ValidatedConfiguration(validated: []), second = ValidatedConfiguration(validated: [])
        #expect(first.view(Count.self, read: read).value == 1)
        #expect(first.view(Count.self, read: read).value == 1, "the second reader gets the first reading")
        let copy = first
        #expect(copy.view(Count.self, read: read).value == 1, "a copy of the value shares its views")
        #expect(second.view(Count.self, read: read).value == 2, "another configuration is read on its own")
        #expect(reads.withLock { $0 } == 2)
    }
}
