@testable import SSHTransport
import Testing

@Suite struct PeerTextTests {
    @Test func validUserNamesAreUnchanged() {
        #expect(PeerText.escaped("alice_01.ops-x") == "alice_01.ops-x")
    }

    @Test func aNewlineCannotStartAForgedLogLine() {
        let forged = "x\n2026-01-01T00:00:00+0000 info meridiand: user authenticated"
        let escaped = PeerText.escaped(forged)
        #expect(!escaped.contains("\n"))
        #expect(escaped.hasPrefix("x\\x0a2026"))
    }

    @Test func spacesCannotPoseAsAnotherField() {
        #expect(PeerText.escaped("bob peer=10.0.0.1") == "bob\\x20peer=10.0.0.1")
        #expect(PeerText.escaped("bob peer", keepingSpaces: true) == "bob peer")
    }

    @Test func controlBytesBackslashAndNonASCIIAreEscaped() {
        #expect(PeerText.escaped("a\r\t\u{1b}[31m\u{7f}\\é") == "a\\x0d\\x09\\x1b[31m\\x7f\\x5c\\xc3\\xa9")
        #expect(PeerText.escaped("a\nb", keepingSpaces: true) == "a\\x0ab")
    }

    @Test func longTextIsCut() {
        let long = String(repeating: "A", count: 10_000)
        let escaped = PeerText.escaped(long)
        #expect(escaped.hasPrefix(String(repeating: "A", count: PeerText.limit) + "..."))
        #expect(escaped.hasSuffix("(10000 bytes)"))
    }

    @Test func cStringsAreReadAsBytes() {
        let bytes: [CChar] = [0x53, 0x53, 0x48, 0x0A, -1, 0]
        #expect(bytes.withUnsafeBufferPointer { PeerText.escaped($0.baseAddress) } == "SSH\\x0a\\xff")
        #expect(PeerText.escaped(nil as UnsafePointer<CChar>?) == "")
    }
}
