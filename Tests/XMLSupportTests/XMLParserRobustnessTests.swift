import Testing
import XMLSupport

/// Corrupted documents are either parsed or refused with an ``XMLError``; nothing traps, and
/// whatever parses writes back to text that parses to the same value.
@Suite struct XMLParserRobustnessTests {
    static let seeds = [
        "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" xmlns:x=\"urn:x\" message-id=\"1\" x:a=\"b\"><get><filter type=\"subtree\"><x:top/></filter></get></rpc>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>",
        "<a xml:lang=\"en\"><![CDATA[x]]>&amp;&#x20AC;<!-- c --><?pi d?></a>",
        "<!DOCTYPE a [<!ENTITY e \"v\">]><a>&e;</a>",
    ].map { Array($0.utf8) }

    @Test func mutatedDocumentsNeverTrap() throws {
        var state: UInt64 = 0x5EED_F00D
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 17
        }
        var parsed = 0
        for _ in 0..<3000 {
            var bytes = Self.seeds[Int(next() % UInt64(Self.seeds.count))]
            for _ in 0..<Int(1 + next() % 4) {
                let index = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: index)
                }
                if bytes.isEmpty { bytes = [0x3C] }
            }
            guard let element = try? XMLDocumentParser.parse(bytes) else { continue }
            parsed += 1
            let rewritten = try XMLDocumentParser.parse(Array(XMLWriter.serialize(element).utf8))
            #expect(CanonicalElement(rewritten) == CanonicalElement(element))
        }
        #expect(parsed > 0)
    }
}
