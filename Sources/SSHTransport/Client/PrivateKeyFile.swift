import Glibc

/// OpenSSH's rule for identity files: a private key that others may read is refused
/// ("UNPROTECTED PRIVATE KEY FILE"), so a leaked permission does not go unnoticed.
enum PrivateKeyFile {
    static func checkPermissions(_ path: String) throws(SSHError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SSHError(.keyFile, "cannot read the key file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw SSHError(.keyFile, "\(path) is not a regular file") }
        if info.st_mode & 0o077 != 0, info.st_uid == getuid() {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw SSHError(.keyFile, "permissions \(mode) for \(path) are too open: a private key must not be "
                + "accessible by others (chmod 600)")
        }
    }
}
