internal import CSystemShims

/// Salted password hashes in crypt(5) form, made and checked by the system's libxcrypt.
/// New hashes use yescrypt (`$y$`); SHA-512 crypt (`$6$`) hashes are also verified.
public enum PasswordHash {
    public static func make(_ password: String) -> String? {
        var setting = [CChar](repeating: 0, count: 256)
        guard meridian_crypt_gensalt("$y$", 0, &setting, setting.count) == 0 else { return nil }
        return crypt(password, setting: setting)
    }

    /// True when `password` hashes to `stored`. Unknown or locked hashes ("*", "!", "") never match.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard stored.hasPrefix("$"), let computed = crypt(password, setting: Array(stored.utf8CString)) else {
            return false
        }
        return constantTimeEquals(Array(computed.utf8), Array(stored.utf8))
    }

    private static func crypt(_ password: String, setting: [CChar]) -> String? {
        var out = [CChar](repeating: 0, count: 512)
        let rc = password.withCString { meridian_crypt($0, setting, &out, out.count) }
        guard rc == 0 else { return nil }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
