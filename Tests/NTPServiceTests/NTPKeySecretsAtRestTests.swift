import Datastore
import Glibc
@testable import NTPService
import SecretSealing
import Testing
import YangData

@Suite struct NTPKeySecretsAtRestTests {
    static let hexKey = "c0ffee5ec2e7f00dc0ffee5ec2e7f00d"
    static let asciiKey = "Zq&<pass>word"

    static func printedConfiguration() throws -> String {
        let tree = try DataTree.parse(xml: """
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <authentication xmlns="\(EngineMappingTests.mntp)">
                <key><key-id>1</key-id><algorithm>aes-cmac</algorithm><hex-key>\(hexKey)</hex-key><trusted>true</trusted></key>
                <key><key-id>2</key-id><algorithm>md5</algorithm><ascii-key>Zq&amp;&lt;pass&gt;word</ascii-key></key>
              </authentication>
              <server><name>A</name><udp><address>127.0.1.31</address></udp><key-id xmlns="\(EngineMappingTests.mntp)">1</key-id></server>
            </ntp></system>
            """, context: EngineMappingTests.context)
        return try tree.printXML()
    }

    static func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-secrets-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    @Test func sealedFilesHoldNoSecretAndOpenToThePrintedText() throws {
        let printed = try Self.printedConfiguration()
        let secrets = NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory())
        let sealed = try secrets.sealing(printed)
        #expect(!sealed.contains(Self.hexKey) && !sealed.contains("pass"))
        #expect(sealed.ranges(of: SecretSealer.prefix).count == 2)
        #expect(try secrets.opening(sealed) == printed)
        let reparsed = try DataTree.parse(xml: try secrets.opening(sealed), context: EngineMappingTests.context)
        #expect(try reparsed.printXML() == printed)
    }

    @Test func aConfigurationWithoutKeysNeedsNoHostSecret() throws {
        let directory = Self.temporaryDirectory()
        let xml = "<system xmlns=\"urn:ietf:params:xml:ns:yang:ietf-system\"><hostname>x</hostname></system>"
        #expect(try NTPKeySecretsAtRest(stateDirectory: directory).sealing(xml) == xml)
        #expect(access(directory + "/" + HostSecretFile.name, F_OK) != 0)
    }

    @Test func clearSecretsOfAnOlderVersionLoadAsTheyAre() throws {
        let printed = try Self.printedConfiguration()
        #expect(try NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory()).opening(printed) == printed)
    }

    @Test func withoutTheHostSecretLoadingFailsNamingTheKey() throws {
        let sealed = try NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory()).sealing(try Self.printedConfiguration())
        let error = #expect(throws: StoredSecretsError.self) {
            try NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory()).opening(sealed)
        }
        #expect(error?.description.contains("hex-key of key 1") == true)
        #expect(error?.description.contains("host-secret does not exist") == true)
    }

    @Test func anotherHostSecretDoesNotOpen() throws {
        let sealed = try NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory()).sealing(try Self.printedConfiguration())
        let other = NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory())
        _ = try other.sealing(try Self.printedConfiguration())  // creates that directory's own host secret
        let error = #expect(throws: StoredSecretsError.self) { try other.opening(sealed) }
        #expect(error?.description.contains("key 1") == true)
        #expect(error?.description.contains(Self.hexKey) == false)
    }

    @Test func sealedValuesSwappedBetweenKeysDoNotOpen() throws {
        let secrets = NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory())
        let sealed = try secrets.sealing(try Self.printedConfiguration())
        let tokens = sealed.split(separator: "<").filter { $0.hasPrefix("hex-key>") || $0.hasPrefix("ascii-key>") }
            .map { String($0.drop { $0 != ">" }.dropFirst()) }
        #expect(tokens.count == 2)
        let swapped = sealed.replacing(tokens[0], with: "@").replacing(tokens[1], with: tokens[0]).replacing("@", with: tokens[1])
        #expect(throws: StoredSecretsError.self) { try secrets.opening(swapped) }
    }

    @Test func anAlteredSealedValueDoesNotOpen() throws {
        let secrets = NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory())
        let sealed = try secrets.sealing(try Self.printedConfiguration())
        let start = try #require(sealed.firstRange(of: SecretSealer.prefix)).upperBound
        let character = sealed[start]
        var altered = sealed
        altered.replaceSubrange(start...start, with: character == "A" ? "B" : "A")
        let error = #expect(throws: StoredSecretsError.self) { try secrets.opening(altered) }
        #expect(error?.description.contains("does not decrypt") == true)
    }

    @Test func aHistoryNamingASecretLeafIsSealedWholeAndOpensAgain() throws {
        let secrets = NTPKeySecretsAtRest(stateDirectory: Self.temporaryDirectory())
        let plain = "<commit-history><diff>&lt;hostname&gt;a&lt;/hostname&gt;</diff></commit-history>"
        #expect(try secrets.sealingHistory(plain) == plain)
        let secret = "<commit-history><diff>&lt;hex-key&gt;\(Self.hexKey)&lt;/hex-key&gt;</diff></commit-history>"
        let sealed = try secrets.sealingHistory(secret)
        #expect(!sealed.contains(Self.hexKey) && SecretSealer.isSealed(sealed))
        #expect(try secrets.openingHistory(sealed) == secret)
        #expect(NTPKeySecretsAtRest.mentions("x-y ascii-key", "ascii-key"))
        #expect(!NTPKeySecretsAtRest.mentions("hex-kez ascii-ke", "ascii-key"))
        #expect(NTPKeySecretsAtRest.mentions("hex-key", "hex-key") && !NTPKeySecretsAtRest.mentions("ex-key", "hex-key"))
    }
}
