internal import CLibSSH

extension SSHPublicKey {
    /// Parses an OpenSSH public key (`TYPE BASE64 [comment]`) as libssh understands it,
    /// so that garbage is refused when a key is added rather than at login.
    public static func parse(authorizedKeyLine line: String) throws(SSHError) -> SSHPublicKey {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else { throw .publicKey("expected 'TYPE BASE64 [comment]'") }
        let typeName = String(fields[0])
        let type = ssh_key_type_from_name(typeName)
        guard type != SSH_KEYTYPE_UNKNOWN else { throw .publicKey("unknown key type '\(typeName)'") }
        guard let key = SSHKey.importPublicKey(base64: String(fields[1]), type: type) else {
            throw .publicKey("the key data of type '\(typeName)' cannot be decoded")
        }
        guard let normalized = key.publicKey else { throw .publicKey("cannot export key") }
        return normalized
    }
}
