internal import CLibSSH

/// An `ssh_key` this program created or imported, freed in `deinit`.
final class SSHKey {
    private let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        ssh_key_free(pointer)
    }

    static func generate(type: ssh_keytypes_e, bits: Int32) -> SSHKey? {
        var key: OpaquePointer?
        guard ssh_pki_generate(type, bits, &key) == SSH_OK, let key else { return nil }
        return SSHKey(key)
    }

    static func importPrivateKey(path: String) -> SSHKey? {
        var key: OpaquePointer?
        guard ssh_pki_import_privkey_file(path, nil, nil, nil, &key) == SSH_OK, let key else { return nil }
        return SSHKey(key)
    }

    static func importPublicKey(base64: String, type: ssh_keytypes_e) -> SSHKey? {
        var key: OpaquePointer?
        guard ssh_pki_import_pubkey_base64(base64, type, &key) == SSH_OK, let key else { return nil }
        return SSHKey(key)
    }

    /// Writes the private key (OpenSSH format, no passphrase) to `path`.
    func exportPrivateKey(to path: String) -> Bool {
        ssh_pki_export_privkey_file(pointer, nil, nil, nil, path) == SSH_OK
    }

    var publicKey: SSHPublicKey? { SSHKeyExport.publicKey(pointer) }
}
