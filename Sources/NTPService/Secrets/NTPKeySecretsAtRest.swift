import Glibc
public import Datastore
import NTPYangBinding
import SecretSealing
import XMLSupport

/// The NTP keys' secrets sealed in the state directory's files with its host secret
/// (``HostSecret``), each bound to its key's path so sealed values cannot be swapped between
/// keys. The datastore's trees keep the clear values; only files hold sealed ones.
///
/// Sealing works on the text libyang prints, without parsing it (``PrintedSecrets``): a byte
/// search finds the secret leaves (their start tags occur nowhere else in a printed tree of
/// the loaded modules, since a value's `<` is always escaped), and only the secrets' bytes
/// are sealed, so a commit costs that search plus one AES-GCM per key. Opening parses the
/// file (at load only) to bind each sealed value to the key entry it is in.
public struct NTPKeySecretsAtRest: StoredSecrets {
    let hostSecret: HostSecret

    public init(stateDirectory: String) {
        hostSecret = HostSecret(directory: stateDirectory)
    }

    public func sealing(_ xml: String) throws(StoredSecretsError) -> String {
        let secrets = PrintedSecrets(xml)
        guard secrets.hasSecrets else { return xml }
        let sealer: SecretSealer
        do { sealer = try hostSecret.sealerCreatingSecret() } catch {
            throw StoredSecretsError("the host secret cannot be read or created: \(error)")
        }
        return try secrets.replacingSecrets { (keyID, leaf, clear) throws(StoredSecretsError) -> String in
            do { return try sealer.seal(clear, associatedData: NTPKeySecretLeaves.path(keyID: keyID, leaf: leaf)) } catch {
                throw StoredSecretsError("cannot seal the \(leaf) of key \(keyID): \(error)")
            }
        }
    }

    /// The commit history's diffs hold secrets wherever a key changed (element text and
    /// `yang:orig-value` attributes alike): a history that names a secret leaf is sealed
    /// whole, bound to its purpose; one that names none stays readable.
    public func sealingHistory(_ text: String) throws(StoredSecretsError) -> String {
        guard NTPKeySecretLeaves.secretLeaves.contains(where: { Self.mentions(text, $0) }) else { return text }
        let sealer: SecretSealer
        do { sealer = try hostSecret.sealerCreatingSecret() } catch {
            throw StoredSecretsError("the host secret cannot be read or created: \(error)")
        }
        do { return try sealer.seal(text, associatedData: Self.historyBinding) } catch {
            throw StoredSecretsError("cannot seal the commit history: \(error)")
        }
    }

    public func openingHistory(_ text: String) throws(StoredSecretsError) -> String {
        guard SecretSealer.isSealed(text) else { return text }
        let sealer: SecretSealer?
        do { sealer = try hostSecret.existingSealer() } catch {
            throw StoredSecretsError("the commit history is sealed, and the host secret cannot be read: \(error)")
        }
        guard let sealer else { throw StoredSecretsError("the commit history is sealed, and \(hostSecret.file.path) does not exist") }
        do { return try sealer.open(text, associatedData: Self.historyBinding) } catch {
            throw StoredSecretsError("the commit history \(error)")
        }
    }

    static let historyBinding = "meridian-commits:history"

    /// Whether `word` occurs in `text`, byte for byte (the history is KiBs, searched at every
    /// commit: String.contains compares characters, a hundred times slower). Candidates are
    /// found with `memchr` on the word's least common byte (its `-`, as in `hex-key`, when it
    /// has one), which skips the text many bytes at a time; a byte loop was 5 % of a small
    /// commit's CPU.
    static func mentions(_ text: String, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard !needle.isEmpty else { return true }
        let anchor = needle.firstIndex(of: UInt8(ascii: "-")) ?? 0
        var text = text
        return text.withUTF8 { haystack in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
            // Candidates for the anchor byte lie in [anchor, last).
            var from = anchor
            let last = haystack.count - needle.count + anchor + 1
            while from < last, let found = memchr(base + from, Int32(needle[anchor]), last - from) {
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let start = at - anchor
                if memcmp(base + start, needle, needle.count) == 0 { return true }
                from = at + 1
            }
            return false
        }
    }

    public func holdsClearSecrets(_ text: String) -> Bool {
        PrintedSecrets(text).hasClearSecrets
    }

    public func opening(_ xml: String) throws(StoredSecretsError) -> String {
        guard xml.contains(SecretSealer.prefix) else { return xml }
        let document: XMLElement
        do { document = try XMLDocumentParser.parse(Array("<data>\(xml)</data>".utf8)) } catch {
            throw StoredSecretsError("not well-formed XML: \(error.message)")
        }
        var opened = xml
        for entry in Self.keyEntries(in: document) {
            let keyID = entry.firstChild(named: NTPKeySecretLeaves.keyID, namespace: NTPKeySecretLeaves.ntpNamespace)?.textContent ?? ""
            for leaf in NTPKeySecretLeaves.secretLeaves {
                guard let element = entry.firstChild(named: leaf, namespace: NTPKeySecretLeaves.ntpNamespace) else { continue }
                let stored = element.textContent
                guard Self.isSealed(stored) else { continue }  // in clear: a file of an older version
                let clear = try open(stored, keyID: keyID, leaf: leaf)
                opened = opened.replacing(stored, with: clear)
            }
        }
        return opened
    }

    private func open(_ stored: String, keyID: String, leaf: String) throws(StoredSecretsError) -> String {
        let sealer: SecretSealer?
        do { sealer = try hostSecret.existingSealer() } catch {
            throw StoredSecretsError("the \(leaf) of key \(keyID) is sealed, and the host secret cannot be read: \(error)")
        }
        guard let sealer else {
            throw StoredSecretsError(
                "the \(leaf) of key \(keyID) is sealed with a host secret, and \(hostSecret.file.path) does not exist " +
                "(a state directory copied without its host secret cannot be read)")
        }
        do { return try sealer.open(stored, associatedData: NTPKeySecretLeaves.path(keyID: keyID, leaf: leaf)) } catch {
            throw StoredSecretsError("the \(leaf) of key \(keyID) \(error)")
        }
    }

    /// A sealed value is longer than any clear one: an ascii-key has at most 20 characters and a
    /// hex-key has no `$`, so a clear key that starts like a sealed value is still read as clear.
    static func isSealed(_ value: String) -> Bool {
        SecretSealer.isSealed(value) && value.utf8.count > 20
    }

    private static func keyEntries(in document: XMLElement) -> [XMLElement] {
        var level = [document]
        for step in NTPKeySecretLeaves.keyEntryPath {
            level = level.flatMap { $0.children(named: step.name, namespace: step.namespace) }
        }
        return level
    }
}
