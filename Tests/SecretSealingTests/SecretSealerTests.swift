import Testing
@testable import SecretSealing

struct SecretSealerTests {
    static let key = [UInt8](0..<32)
    static let otherKey = [UInt8](repeating: 7, count: 32)
    static let path = "/ietf-system:system/ietf-system:ntp/meridian-ntp:authentication/meridian-ntp:key[meridian-ntp:key-id='1']/meridian-ntp:hex-key"
    static let otherPath = "/ietf-system:system/ietf-system:ntp/meridian-ntp:authentication/meridian-ntp:key[meridian-ntp:key-id='2']/meridian-ntp:hex-key"

    @Test func sealedValueOpensToTheClearValue() throws {
        let sealer = SecretSealer(key: Self.key)
        for clear in ["0011223344556677", "s3cr&t<>\"'", "x"] {
            let sealed = try sealer.seal(clear, associatedData: Self.path)
            #expect(SecretSealer.isSealed(sealed))
            // (A one-letter value may well occur in base64 by chance.)
            if clear.count > 4 { #expect(!sealed.contains(clear)) }
            #expect(try sealer.open(sealed, associatedData: Self.path) == clear)
        }
    }

    @Test func everySealUsesAFreshNonce() throws {
        let sealer = SecretSealer(key: Self.key)
        #expect(try sealer.seal("abc", associatedData: Self.path) != sealer.seal("abc", associatedData: Self.path))
    }

    @Test func anotherHostSecretDoesNotOpen() throws {
        let sealed = try SecretSealer(key: Self.key).seal("0011", associatedData: Self.path)
        #expect(throws: SealingError.notAuthentic) { try SecretSealer(key: Self.otherKey).open(sealed, associatedData: Self.path) }
    }

    @Test func aValueMovedToAnotherKeyDoesNotOpen() throws {
        let sealer = SecretSealer(key: Self.key)
        let sealed = try sealer.seal("0011", associatedData: Self.path)
        #expect(throws: SealingError.notAuthentic) { try sealer.open(sealed, associatedData: Self.otherPath) }
    }

    @Test func everyAlteredByteIsDetected() throws {
        let sealer = SecretSealer(key: Self.key)
        let sealed = try sealer.seal("00112233", associatedData: Self.path)
        let payload = try #require(Base64.decode(sealed.dropFirst(SecretSealer.prefix.count)))
        for index in payload.indices {
            var altered = payload
            altered[index] ^= 0x01
            let text = SecretSealer.prefix + Base64.encode(altered)
            #expect(throws: SealingError.notAuthentic) { try sealer.open(text, associatedData: Self.path) }
        }
    }

    @Test func malformedValuesAreRefused() {
        let sealer = SecretSealer(key: Self.key)
        for text in ["0011", SecretSealer.prefix + "not base64!", SecretSealer.prefix + "AAAA", SecretSealer.prefix + "AAA"] {
            #expect(throws: SealingError.self) { try sealer.open(text, associatedData: Self.path) }
        }
    }

    @Test func base64RoundTripsEveryLength() {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Substring(Base64.encode(bytes))) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm8=") == Array("fo".utf8))
        #expect(Base64.decode("Z=8=") == nil)
    }
}
