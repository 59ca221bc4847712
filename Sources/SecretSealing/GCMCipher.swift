internal import CLibCrypto

/// One AES-256-GCM operation through OpenSSL's EVP interface; owns its cipher context and
/// frees it in `deinit` (one owner per C object).
final class GCMCipher {
    private let key: [UInt8]
    private let context: OpaquePointer

    init(key: [UInt8]) throws(SealingError) {
        guard let context = EVP_CIPHER_CTX_new() else { throw .cryptoFailure("EVP_CIPHER_CTX_new") }
        self.key = key
        self.context = context
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    func encrypt(_ clear: [UInt8], nonce: [UInt8], associatedData: [UInt8]) throws(SealingError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw .cryptoFailure("EVP_EncryptInit_ex") }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw .cryptoFailure("EVP_EncryptUpdate (associated data)")
            }
        }
        // GCM is a stream mode: the ciphertext is as long as the clear text (at least 1 byte
        // allocated so the pointer is valid for an empty value).
        var ciphertext = [UInt8](repeating: 0, count: max(clear.count, 1))
        guard EVP_EncryptUpdate(context, &ciphertext, &length, clear, Int32(clear.count)) == 1 else {
            throw .cryptoFailure("EVP_EncryptUpdate")
        }
        var final: Int32 = 0
        let written = Int(length)
        guard ciphertext.withUnsafeMutableBufferPointer({ EVP_EncryptFinal_ex(context, $0.baseAddress! + written, &final) }) == 1 else {
            throw .cryptoFailure("EVP_EncryptFinal_ex")
        }
        var tag = [UInt8](repeating: 0, count: SecretSealer.tagLength)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag) == 1 else {
            throw .cryptoFailure("EVP_CTRL_GCM_GET_TAG")
        }
        return (Array(ciphertext[..<(written + Int(final))]), tag)
    }

    func decrypt(_ ciphertext: [UInt8], nonce: [UInt8], tag: [UInt8], associatedData: [UInt8]) throws(SealingError) -> [UInt8] {
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw .cryptoFailure("EVP_DecryptInit_ex") }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw .cryptoFailure("EVP_DecryptUpdate (associated data)")
            }
        }
        var clear = [UInt8](repeating: 0, count: max(ciphertext.count, 1))
        guard EVP_DecryptUpdate(context, &clear, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
            throw .cryptoFailure("EVP_DecryptUpdate")
        }
        var expected = tag
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(expected.count), &expected) == 1 else {
            throw .cryptoFailure("EVP_CTRL_GCM_SET_TAG")
        }
        var final: Int32 = 0
        let written = Int(length)
        // Final checks the tag: a failure here is a value that is not authentic.
        guard clear.withUnsafeMutableBufferPointer({ EVP_DecryptFinal_ex(context, $0.baseAddress! + written, &final) }) == 1 else {
            throw .notAuthentic
        }
        return Array(clear[..<(written + Int(final))])
    }
}
