import StateFiles

/// `--initial-config FILE`: on a state directory with no saved configuration, FILE
/// becomes the startup configuration, loaded (and validated) like any startup.
enum InitialConfiguration {
    /// FILE's bytes (read before meridiand gives up root, so a file only root may read works).
    static func read(_ file: String?) throws -> [UInt8]? {
        guard let file else { return nil }
        guard let bytes = AtomicFile.read(file) else { throw StartupError("cannot read --initial-config \(file)") }
        return bytes
    }

    static func install(_ bytes: [UInt8]?, into stateDirectory: String) throws {
        guard let bytes else { return }
        let startup = stateDirectory + "/startup.xml"
        guard SlotFile(directory: stateDirectory, name: "running").read() == nil, AtomicFile.read(startup) == nil else { return }
        var text = String(decoding: bytes, as: UTF8.self)
        // Stored datastores hold the children of <config>; accept the file with or without it.
        if let open = text.firstRange(of: "<config"), let start = text[open.upperBound...].firstIndex(of: ">"),
            let close = text.ranges(of: "</config>").last {
            text = String(text[text.index(after: start)..<close.lowerBound])
        }
        do { try AtomicFile.write(text, to: startup) } catch { throw StartupError("\(error)") }
    }
}
