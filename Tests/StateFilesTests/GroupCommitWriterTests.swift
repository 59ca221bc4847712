import Dispatch
import Glibc
import StateFiles
import Synchronization
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

    @Test func renderingsSupersededBeforeTheirWriteAreNeverRun() async throws {
        let path = Self.temporaryDirectory() + "/running.xml"
        let writer = GroupCommitWriter(path: path)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let rendered = Mutex<[Int]>([])
        let first = writer.submit { () throws(AtomicFile.WriteError) -> [UInt8] in
            started.signal()
            release.wait()
            rendered.withLock { $0.append(0) }
            return Array("first".utf8)
        }
        started.wait()  // the writer thread is inside the first rendering
        let later = (1...50).map { index in
            writer.submit { () throws(AtomicFile.WriteError) -> [UInt8] in
                rendered.withLock { $0.append(index) }
                return Array("content \(index)".utf8)
            }
        }
        release.signal()
        try await writer.waitDurable(first)
        for generation in later { try await writer.waitDurable(generation) }
        #expect(rendered.withLock { $0 } == [0, 50], "only the newest waiting content is rendered")
        #expect(Self.contents(path) == "content 50")
    }

    @Test func aRenderingThatThrowsFailsItsWrite() async throws {
        let path = Self.temporaryDirectory() + "/running.xml"
        let writer = GroupCommitWriter(path: path)
        try await writer.write(Array("saved".utf8))
        let failing = writer.submit { () throws(AtomicFile.WriteError) -> [UInt8] in
            throw AtomicFile.WriteError(description: "cannot print")
        }
        await #expect(throws: AtomicFile.WriteError.self) { try await writer.waitDurable(failing) }
        #expect(writer.hasFailed)
        #expect(Self.contents(path) == "saved", "the file is left as it was")
    }
}
