/// `ntp-service authentication-keyid N authentication-mode ALG cipher KEY`: one key of
/// meridian-ntp's `authentication/key` list. `cipher`/`simple` give the key as text
/// (ascii-key), `hex-cipher` as hexadecimal octets (hex-key).
enum KeyEdit {
    static let algorithms = ["md5": "md5", "sha1": "sha1", "hmac-sha256": "hmac-sha256", "aes-128-cmac": "aes-cmac"]

    static func key(_ command: ParsedCommand) throws(TranslationError) -> String {
        let id = EditXML.leaf("key-id", command["key-id"]!)
        if command.undo { return EditXML.remove("key", keys: id) }
        guard let algorithm = command["algorithm"].flatMap({ algorithms[$0] }), let secret = command["secret"] else {
            throw TranslationError("Incomplete command: authentication-mode and the key are needed.")
        }
        let isHex = command["form"] == "hex-cipher"
        if isHex, secret.count % 2 != 0 || !secret.allSatisfy(\.isHexDigit) {
            throw TranslationError("A hex-cipher key is an even number of hexadecimal digits.")
        }
        let material = EditXML.leaf(isHex ? "hex-key" : "ascii-key", secret)
        // Merge keeps `trusted` (set by `reliable authentication-keyid`); the other case of
        // the secret choice is removed by libyang when this one is set.
        return "<key>\(id)\(EditXML.leaf("algorithm", algorithm))\(material)</key>"
    }
}
