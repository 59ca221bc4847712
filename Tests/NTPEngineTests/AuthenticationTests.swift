import Testing
@testable import NTPCore
@testable import NTPEngine

@Suite struct AuthenticationTests {
    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test func cmacMatchesRFC4493Vectors() {
        let key = Self.hex("2b7e151628aed2a6abf7158809cf4f3c")
        let empty: [UInt8] = []
        let sixteen = Self.hex("6bc1bee22e409f96e93d7e117393172a")
        #expect(empty.withUnsafeBytes { MessageDigester.mac(.aesCMAC, key: key, message: $0) } == Self.hex("bb1d6929e95937287fa37d129b756746"))
        #expect(sixteen.withUnsafeBytes { MessageDigester.mac(.aesCMAC, key: key, message: $0) } == Self.hex("070a16b46b4d4144f79bdd9dd04a287c"))
    }

    @Test func legacyDigestsHashKeyThenMessage() {
        // MD5("abc") and SHA-1("abc") with the key "a" and message "bc".
        let message = Array("bc".utf8)
        #expect(message.withUnsafeBytes { MessageDigester.mac(.md5, key: Array("a".utf8), message: $0) } == Self.hex("900150983cd24fb0d6963f7d28e17f72"))
        #expect(message.withUnsafeBytes { MessageDigester.mac(.sha1, key: Array("a".utf8), message: $0) } == Self.hex("a9993e364706816aba3e25717850c26c9cd0d89d"))
    }

    @Test(arguments: MACAlgorithm.allCases)
    func signedPacketsVerifyAndTamperedOnesFail(algorithm: MACAlgorithm) throws {
        let secret = Array("0123456789abcdef".utf8)
        let table = KeyTable([SymmetricKey(id: 7, algorithm: algorithm, secret: secret)])
        var bytes = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 1, fraction: 2)).serialize()
        #expect(table.sign(&bytes, keyID: 7))
        #expect(bytes.count == 48 + 4 + algorithm.digestLength)
        let packet = try NTPPacket.parse(bytes)
        #expect(table.verify(packet, datagram: bytes) == .verified(keyID: 7))
        var tampered = bytes
        tampered[47] ^= 1
        #expect(table.verify(try NTPPacket.parse(tampered), datagram: tampered) == .failed)
        let other = KeyTable([SymmetricKey(id: 7, algorithm: algorithm, secret: Array("fedcba9876543210".utf8))])
        #expect(other.verify(packet, datagram: bytes) == .failed)
        let untrusted = KeyTable([SymmetricKey(id: 7, algorithm: algorithm, secret: secret, trusted: false)])
        #expect(untrusted.verify(packet, datagram: bytes) == .failed)
        #expect(KeyTable().verify(packet, datagram: bytes) == .failed)
    }

    @Test func authenticatedClientSynchronizesAndWrongKeyIsCountedAndNeverUsed() throws {
        let port: UInt16 = 10123
        let key = SymmetricKey(id: 5, algorithm: .aesCMAC, secret: Array("0123456789abcdef".utf8))
        let wrong = SymmetricKey(id: 5, algorithm: .aesCMAC, secret: Array("0123456789abcdeX".utf8))
        for (clientKey, expectSync) in [(key, true), (wrong, false)] {
            let world = EngineWorld()
            let server = world.addHost(addresses: ["10.0.0.1"])
            let client = world.addHost(addresses: ["10.0.0.2"])
            try world.configure(server, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 2, keys: [key]))
            try world.configure(client, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.2")!], associations: [
                AssociationSettings(name: "s", host: "10.0.0.1", port: port, keyID: 5, minimumPollExponent: 1, maximumPollExponent: 1, initialBurst: true),
            ], keys: [clientKey]))
            world.run(for: 10)
            let snapshot = world.core(client).snapshot()
            #expect(snapshot.clock.synchronized == expectSync)
            if expectSync {
                #expect(snapshot.clock.stratum == 3)
                #expect(snapshot.associations[0].authenticated)
            } else {
                #expect(world.core(server).counters.authenticationFailures > 0)
                #expect(world.core(server).counters.requestsServed == 0)
            }
        }
    }
}
