internal import CLibSSH
import Glibc

/// The server's SSH host keys, kept as OpenSSH private key files in the state directory.
/// Missing keys are generated on first use: Ed25519 (preferred), ECDSA P-256 and RSA 3072
/// for clients that lack Ed25519.
public enum HostKeyStore {
    public struct KeySpec: Sendable {
        public let fileName: String
        let type: ssh_keytypes_e
        let bits: Int32
    }

    static let specs: [KeySpec] = [
        KeySpec(fileName: "ssh_host_ed25519_key", type: SSH_KEYTYPE_ED25519, bits: 0),
        KeySpec(fileName: "ssh_host_ecdsa_key", type: SSH_KEYTYPE_ECDSA_P256, bits: 256),
        KeySpec(fileName: "ssh_host_rsa_key", type: SSH_KEYTYPE_RSA, bits: 3072),
    ]

    /// Returns the paths of all host keys in `directory`, generating the missing ones
    /// (mode 0600). `generated` lists the file names created by this call.
    public static func ensureKeys(in directory: String) throws(SSHError) -> (paths: [String], generated: [String]) {
        var paths: [String] = []
        var generated: [String] = []
        for spec in specs {
            let path = directory + "/" + spec.fileName
            if access(path, R_OK) != 0 {
                try generate(spec, at: path)
                generated.append(spec.fileName)
            }
            paths.append(path)
        }
        return (paths, generated)
    }

    private static func generate(_ spec: KeySpec, at path: String) throws(SSHError) {
        guard let key = SSHKey.generate(type: spec.type, bits: spec.bits) else {
            throw .hostKey("cannot generate \(spec.fileName)")
        }
        let temporary = path + ".tmp"
        unlink(temporary)
        let oldMask = umask(0o077)
        defer { umask(oldMask) }
        guard key.exportPrivateKey(to: temporary) else {
            throw .hostKey("cannot write \(temporary)")
        }
        chmod(temporary, 0o600)
        guard rename(temporary, path) == 0 else {
            throw .hostKey("cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
    }

    /// The public half of a host key as an authorized_keys-style line (for known_hosts).
    public static func publicKey(ofPrivateKeyAt path: String) -> SSHPublicKey? {
        SSHKey.importPrivateKey(path: path)?.publicKey
    }
}
