import Glibc
import StateFiles
import Testing

@Suite struct GroupCommitWriterTests {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-gc-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    static func contents(_ path: String) -> String? {
        AtomicFile.read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func concurrentWritersAllReturnAndTheFileHoldsTheNewest() async throws {
        let path = Self.temporaryDirectory() + "/running.xml"
        let writer = GroupCommitWriter(path: path)
        let generations = (1...200).map { writer.submit(Array("content \($0)".utf8)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for generation in generations.shuffled() {
                group.addTask { try await writer.waitDurable(generation) }
            }
            try await group.waitForAll()
        }
        #expect(writer.durableGeneration == 200)
        #expect(Self.contents(path) == "content 200")
        try await writer.write(Array("after".utf8))
        #expect(Self.contents(path) == "after")
    }

    @Test func aFailedWriteIsReportedAndWritingResumesAfterReset() async throws {
        let directory = Self.temporaryDirectory()
        let path = directory + "/running.xml"
        let writer = GroupCommitWriter(path: path)
        try await writer.write(Array("saved".utf8))
        // A non-empty directory in the file's place: the rename fails, even for root.
        #expect(mkdir(path + ".blocked", 0o700) == 0 && rename(path, path + ".saved") == 0 && rename(path + ".blocked", path) == 0)
        #expect(mkdir(path + "/entry", 0o700) == 0)
        await #expect(throws: AtomicFile.WriteError.self) { try await writer.write(Array("lost".utf8)) }
        #expect(writer.hasFailed)
        let meanwhile = writer.submit(Array("meanwhile".utf8))
        await #expect(throws: AtomicFile.WriteError.self, "contents handed in before reset are lost") {
            try await writer.waitDurable(meanwhile)
        }
        #expect(rmdir(path + "/entry") == 0 && rmdir(path) == 0)
        writer.reset()
        #expect(!writer.hasFailed)
        try await writer.write(Array("again".utf8))
        #expect(Self.contents(path) == "again")
    }
}
