/// How the secrets of a configuration (leaves whose values must never be in clear at rest)
/// are kept in the files of the state directory. The datastore's trees keep them in clear;
/// only the text written to a file and read back passes through here.
public protocol StoredSecrets: Sendable {
    /// `xml`, a configuration as the datastore prints it, with every secret in its stored form.
    func sealing(_ xml: String) throws(StoredSecretsError) -> String

    /// `xml` as read from a file with every stored secret in clear again; a secret already in
    /// clear (a file of an older version) stays as it is.
    func opening(_ xml: String) throws(StoredSecretsError) -> String

    /// True when `text` (a file's bytes as text, holding a configuration as the datastore
    /// prints it) has a secret in clear: a file of an older version, to be written again.
    func holdsClearSecrets(_ text: String) -> Bool

    /// The commit history as the running file holds it (its diffs may carry secrets in
    /// clear anywhere, in values and in `yang:orig-value` attributes): sealed whole when it
    /// may hold one.
    func sealingHistory(_ text: String) throws(StoredSecretsError) -> String

    /// The commit history as written by ``sealingHistory(_:)``, in clear again.
    func openingHistory(_ text: String) throws(StoredSecretsError) -> String
}

extension StoredSecrets {
    /// A schema without secrets keeps the history as it is.
    public func sealingHistory(_ text: String) throws(StoredSecretsError) -> String { text }

    public func openingHistory(_ text: String) throws(StoredSecretsError) -> String { text }
}

/// Why secrets could not be sealed or opened; the message names the secret's place, never
/// its value.
public struct StoredSecretsError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A configuration without secrets: files hold the text as printed.
public struct ClearStoredSecrets: StoredSecrets {
    public init() {}

    public func sealing(_ xml: String) throws(StoredSecretsError) -> String { xml }

    public func opening(_ xml: String) throws(StoredSecretsError) -> String { xml }

    public func holdsClearSecrets(_ text: String) -> Bool { false }
}
