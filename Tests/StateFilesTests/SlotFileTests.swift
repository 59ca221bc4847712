import Glibc
import StateFiles
import Testing

@Suite struct SlotFileTests {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-slot-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    static func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }

    @Test func replacementsAlternateBetweenTheSlotsAndReadGivesTheNewest() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        #expect(file.read() == nil)
        try file.replace(with: Array("one".utf8))
        #expect(access(file.slotPaths[0], F_OK) == 0 && access(file.slotPaths[1], F_OK) != 0)
        try file.replace(with: Array("two".utf8))
        try file.replace(with: Array("three".utf8))
        #expect(Self.text(file.read()) == "three")
        #expect(Self.text(AtomicFile.read(file.slotPaths[0])).map { $0.contains("three") } == true)
        #expect(Self.text(AtomicFile.read(file.slotPaths[1])).map { $0.contains("two") } == true, "the other slot keeps the one before")
        // A new owner (a restart) reads the disk and goes on from the newest.
        var restarted = SlotFile(directory: directory, name: "running")
        #expect(Self.text(restarted.read()) == "three")
        try restarted.replace(with: Array("four".utf8))
        #expect(Self.text(AtomicFile.read(file.slotPaths[1])).map { $0.contains("four") } == true)
        #expect(Self.text(SlotFile(directory: directory, name: "running").read()) == "four")
    }

    @Test func aSlotCutShortByACrashLeavesTheOtherOne() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try file.replace(with: Array("committed".utf8))
        try file.replace(with: Array(repeating: UInt8(ascii: "n"), count: 10_000))
        // The newest slot loses its tail, as when the machine stops in the middle of the write.
        let newest = file.slotPaths[1]
        #expect(truncate(newest, 5000) == 0)
        var restarted = SlotFile(directory: directory, name: "running")
        #expect(Self.text(restarted.read()) == "committed")
        try restarted.replace(with: Array("next".utf8))
        #expect(Self.text(AtomicFile.read(file.slotPaths[0])).map { $0.contains("committed") } == true,
                "the next write goes over the broken slot, not over the intact one")
        #expect(Self.text(restarted.read()) == "next")
    }

    @Test func slotsKeepTheirSizeUnlessTheContentShrinksToLessThanHalf() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try file.replace(with: Array(repeating: UInt8(ascii: "x"), count: 9000))
        try file.replace(with: Array(repeating: UInt8(ascii: "y"), count: 9000))
        #expect(Self.size(file.slotPaths[0]) == 12288, "padded to whole 4 KiB blocks")
        try file.replace(with: Array(repeating: UInt8(ascii: "z"), count: 5000))
        #expect(Self.size(file.slotPaths[0]) == 12288, "a smaller content overwrites the old one in place")
        #expect(Self.text(file.read()) == String(repeating: "z", count: 5000))
        try file.replace(with: Array("small".utf8))
        #expect(Self.size(file.slotPaths[1]) == 4096, "truncated once it would be more than twice the need")
        #expect(Self.text(file.read()) == "small")
    }

    @Test func theOlderSingleFileIsReadUntilASlotReplacesIt() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try AtomicFile.write(Array("legacy".utf8), to: file.legacyPath)
        #expect(Self.text(file.read()) == "legacy")
        try file.replace(with: Array("new".utf8))
        #expect(access(file.legacyPath, F_OK) != 0, "removed once a slot holds newer content")
        #expect(Self.text(file.read()) == "new")
    }

    @Test func aFailedReplacementThrowsAndLeavesTheNewestSlot() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try file.replace(with: Array("kept".utf8))
        // A non-empty directory where the next slot goes: opening it for writing fails, even for root.
        #expect(mkdir(file.slotPaths[1], 0o700) == 0 && mkdir(file.slotPaths[1] + "/entry", 0o700) == 0)
        #expect(throws: AtomicFile.WriteError.self) { try file.replace(with: Array("lost".utf8)) }
        #expect(Self.text(file.read()) == "kept")
        #expect(rmdir(file.slotPaths[1] + "/entry") == 0 && rmdir(file.slotPaths[1]) == 0)
        try file.replace(with: Array("again".utf8))
        #expect(Self.text(file.read()) == "again")
    }

    @Test func aForgedMaximumGenerationNumbersAgainInsteadOfOverflowing() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try AtomicFile.write(SlotRecordTests.forged("\(SlotRecord.maximumGeneration)"), to: file.slotPaths[0])
        try AtomicFile.write(SlotRecordTests.forged("\(UInt64.max)"), to: file.slotPaths[1])
        #expect(Self.text(file.read()) == "<a/>", "UInt64.max reads as damaged; the maximum itself is read")
        try file.replace(with: Array("next".utf8))
        #expect(Self.text(file.read()) == "next")
        #expect(Self.text(AtomicFile.read(file.slotPaths[0])).map { $0.hasPrefix("<!-- meridian-slot generation=2 ") } == true)
        #expect(Self.text(AtomicFile.read(file.slotPaths[1])).map { $0.hasPrefix("<!-- meridian-slot generation=1 ") } == true)
        try file.replace(with: Array("after".utf8))
        var restarted = SlotFile(directory: directory, name: "running")
        #expect(Self.text(restarted.read()) == "after")
        try restarted.replace(with: Array("restarted".utf8))
        #expect(Self.text(SlotFile(directory: directory, name: "running").read()) == "restarted")
    }

    @Test func forgedHeadersOfEveryKindNeverStopAReplacement() throws {
        let values = ["0", "1", "\(SlotRecord.maximumGeneration - 1)", "\(SlotRecord.maximumGeneration)", "\(UInt64.max)", "-1", "x"]
        for first in values {
            for second in values {
                let directory = Self.temporaryDirectory()
                var file = SlotFile(directory: directory, name: "running")
                try AtomicFile.write(SlotRecordTests.forged(first), to: file.slotPaths[0])
                try AtomicFile.write(SlotRecordTests.forged(second), to: file.slotPaths[1])
                for round in 0..<3 {
                    try file.replace(with: Array("round \(round)".utf8))
                    #expect(Self.text(SlotFile(directory: directory, name: "running").read()) == "round \(round)", "\(first), \(second)")
                }
            }
        }
    }

    @Test func aSymbolicLinkInASlotsPlaceIsReplacedNeverWrittenThrough() throws {
        let directory = Self.temporaryDirectory()
        let victim = directory + "/victim"
        try AtomicFile.write(Array("precious".utf8), to: victim)
        var file = SlotFile(directory: directory, name: "running")
        try file.replace(with: Array("one".utf8))
        #expect(symlink(victim, file.slotPaths[1]) == 0)
        #expect(SlotFile(directory: directory, name: "running").read().map { Self.text($0) } == "one")
        try file.replace(with: Array("two".utf8))
        #expect(Self.text(AtomicFile.read(victim)) == "precious")
        var status = stat()
        #expect(lstat(file.slotPaths[1], &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
        #expect(Self.text(file.read()) == "two")
        // A link to a valid slot elsewhere is not read either.
        let elsewhere = directory + "/elsewhere"
        try AtomicFile.write(SlotRecord(generation: 99, content: Array("planted".utf8)).encoded(), to: elsewhere)
        #expect(unlink(file.slotPaths[0]) == 0 && symlink(elsewhere, file.slotPaths[0]) == 0)
        #expect(Self.text(SlotFile(directory: directory, name: "running").read()) == "two")
    }

    @Test func aNewSlotIsCreatedWithTheModeAndAnExistingOneGetsIt() throws {
        let directory = Self.temporaryDirectory()
        var file = SlotFile(directory: directory, name: "running")
        try file.replace(with: Array("one".utf8))
        try file.replace(with: Array("two".utf8))
        #expect(chmod(file.slotPaths[0], 0o644) == 0)
        try file.replace(with: Array("three".utf8))
        var status = stat()
        #expect(stat(file.slotPaths[0], &status) == 0 && status.st_mode & 0o777 == 0o600)
    }
}
