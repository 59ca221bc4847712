@testable import Datastore
import Glibc
import StateFiles
@testable import NTPService
import Testing

/// A state directory of a version that kept the key secrets in clear loads, and is sealed
/// by the writes of that load.
@Suite struct SecretsMigrationTests {
    static func write(_ text: String, to path: String) {
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
    }

    static func contents(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func clearSecretsOfAnOlderVersionLoadAndAreSealedByTheLoad() async throws {
        let directory = NTPKeySecretsAtRestTests.temporaryDirectory()
        let printed = try NTPKeySecretsAtRestTests.printedConfiguration()
        Self.write(printed, to: directory + "/startup.xml")
        let boot = BootIdentity { "boot-1" }

        let first = DatastoreService(
            context: EngineMappingTests.context, stateDirectory: directory, secrets: NTPKeySecretsAtRest(stateDirectory: directory))
        #expect(try await first.load(boot: boot) == .startup(afterBoot: false))
        #expect(try await first.printed(.running) == printed)
        await first.flush()
        for file in ["startup.xml", "running-a.xml"] {
            let stored = try #require(Self.contents(directory + "/" + file))
            #expect(!stored.contains(NTPKeySecretsAtRestTests.hexKey), "\(file) holds the key in clear")
            #expect(stored.contains("$meridian-aead1$"))
        }

        let restarted = DatastoreService(
            context: EngineMappingTests.context, stateDirectory: directory, secrets: NTPKeySecretsAtRest(stateDirectory: directory))
        #expect(try await restarted.load(boot: boot) == .runningOfThisBoot)
        #expect(try await restarted.printed(.running) == printed)
        #expect(try await restarted.printed(.startup) == printed)
    }

    @Test func bothRunningSlotsOfAnOlderVersionAreSealedByTheLoad() async throws {
        let directory = NTPKeySecretsAtRestTests.temporaryDirectory()
        let printed = try NTPKeySecretsAtRestTests.printedConfiguration()
        var slots = SlotFile(directory: directory, name: "running")
        try slots.replace(with: Array(printed.utf8))
        try slots.replace(with: Array(printed.utf8))
        let service = DatastoreService(
            context: EngineMappingTests.context, stateDirectory: directory, secrets: NTPKeySecretsAtRest(stateDirectory: directory))
        #expect(try await service.load(boot: BootIdentity { nil }) == .runningOfThisBoot)
        #expect(try await service.printed(.running) == printed)
        for path in slots.slotPaths {
            let stored = try #require(Self.contents(path))
            #expect(!stored.contains(NTPKeySecretsAtRestTests.hexKey), "\(path) holds the key in clear")
        }
    }
}

extension DatastoreService {
    /// A datastore as libyang prints it, read inside the actor.
    fileprivate func printed(_ name: DatastoreName) throws -> String? {
        try tree(name)?.printXML()
    }
}
