import Accounts
import Testing

@Suite struct PasswordHashTests {
    @Test func hashIsSaltedYescryptAndVerifies() throws {
        let first = try #require(PasswordHash.make("correct horse"))
        let second = try #require(PasswordHash.make("correct horse"))
        #expect(first.hasPrefix("$y$"))
        #expect(first != second, "two hashes of one password must differ by their salt")
        #expect(!first.contains("correct horse"))
        #expect(PasswordHash.verify("correct horse", against: first))
        #expect(PasswordHash.verify("correct horse", against: second))
    }

    @Test func wrongPasswordIsRejected() throws {
        let hash = try #require(PasswordHash.make("secret"))
        #expect(!PasswordHash.verify("Secret", against: hash))
        #expect(!PasswordHash.verify("", against: hash))
        #expect(!PasswordHash.verify("secret ", against: hash))
    }

    @Test(arguments: ["*", "!", "", "plain-text", "$y$broken"])
    func lockedOrMalformedHashesNeverMatch(stored: String) {
        #expect(!PasswordHash.verify(stored, against: stored))
        #expect(!PasswordHash.verify("anything", against: stored))
    }

    @Test func sha512CryptHashesAreAccepted() {
        // SHA-512 crypt of "secret" with salt "saltsalt", as made by crypt(3) / mkpasswd -m sha-512.
        let stored = "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"
        #expect(PasswordHash.verify("secret", against: stored))
        #expect(!PasswordHash.verify("other", against: stored))
    }
}
