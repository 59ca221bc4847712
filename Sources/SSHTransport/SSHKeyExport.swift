internal import CLibSSH
import Glibc

/// Converts libssh keys to the `SSHPublicKey` value the rest of the program uses.
enum SSHKeyExport {
    static func publicKey(_ key: OpaquePointer) -> SSHPublicKey? {
        var b64: UnsafeMutablePointer<CChar>?
        guard ssh_pki_export_pubkey_base64(key, &b64) == SSH_OK, let b64 else { return nil }
        defer { ssh_string_free_char(b64) }
        guard let type = ssh_key_type_to_char(ssh_key_type(key)) else { return nil }
        return SSHPublicKey(type: String(cString: type), base64: String(cString: b64))
    }
}
