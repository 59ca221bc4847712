internal import CLibCrypto

/// Computes NTP MACs with OpenSSL's libcrypto: MD5 and SHA-1 over key ‖
/// message (RFC 5905 style) and AES-128-CMAC over the message (RFC 8573).
/// Each call makes and frees its own OpenSSL context, so the type holds no
/// mutable state and calls may run on any thread.
enum MessageDigester {
    /// The MAC of `message` under `key`, or `nil` when libcrypto refuses
    /// (for example a CMAC key that is not 16 bytes).
    static func mac(_ algorithm: MACAlgorithm, key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8]? {
        switch algorithm {
        case .md5: digest(EVP_md5(), key: key, message: message)
        case .sha1: digest(EVP_sha1(), key: key, message: message)
        case .aesCMAC: cmac(key: key, message: message)
        }
    }

    /// First four bytes of MD5(bytes): the reference ID of an IPv6 source.
    static func md5Prefix(_ bytes: [UInt8]) -> UInt32 {
        let hash = bytes.withUnsafeBytes { digest(EVP_md5(), key: [], message: $0) } ?? [0, 0, 0, 0]
        return hash.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func digest(_ type: OpaquePointer?, key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let type, let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = EVP_DigestInit_ex(context, type, nil) == 1
            && key.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
            && EVP_DigestUpdate(context, message.baseAddress, message.count) == 1
            && EVP_DigestFinal_ex(context, &output, &length) == 1
        return ok ? Array(output.prefix(Int(length))) : nil
    }

    private static func cmac(key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8]? {
        guard key.count == 16, let mac = EVP_MAC_fetch(nil, "CMAC", nil) else { return nil }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { return nil }
        defer { EVP_MAC_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: 16)
        var length = 0
        let ok = "cipher".withCString { name in
            "AES-128-CBC".withCString { cipher in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: cipher), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return key.withUnsafeBytes { keyBytes in
                    EVP_MAC_init(context, keyBytes.bindMemory(to: UInt8.self).baseAddress, keyBytes.count, &parameters) == 1
                }
            }
        } && EVP_MAC_update(context, message.bindMemory(to: UInt8.self).baseAddress, message.count) == 1
            && EVP_MAC_final(context, &output, &length, output.count) == 1
        return ok ? Array(output.prefix(length)) : nil
    }

    /// Constant-time comparison of two digests.
    static func equal(_ lhs: [UInt8], _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
