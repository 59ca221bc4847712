import StateFiles
import YangData

/// A datastore tree read on another thread: validated off the actor, or printed by the
/// writer of running's file.
///
/// Unchecked Sendable: `DataTree` is not Sendable because it can be changed, but the
/// datastore never changes a tree that anything else holds (an edit changes the candidate in
/// place only while the candidate is its one reference, and copies it otherwise), and
/// libyang allows concurrent reads of a data tree and of its context.
struct SharedTree: @unchecked Sendable {
    let tree: DataTree

    /// The tree as running's file holds it (secrets sealed by `files`), followed by the
    /// commit history that leads to it (when kept), printed when the writer gets to it: the
    /// two are in one slot, so a crash never leaves one without the other.
    func fileRendering(_ files: DatastoreFiles, history: StoredCommitHistory? = nil, archive: HistoryArchive? = nil) -> GroupCommitWriter.Rendering {
        { () throws(AtomicFile.WriteError) -> [UInt8] in
            let xml: String
            do {
                xml = try tree.printXML()
            } catch {
                throw AtomicFile.WriteError(description: "cannot print the running configuration: \(error)")
            }
            guard let history, history.isEnabled else { return Array(try files.sealed(xml).utf8) }
            let seal = { @Sendable (text: String) throws(AtomicFile.WriteError) -> String in
                do { return try files.secrets.sealingHistory(text) } catch {
                    throw AtomicFile.WriteError(description: "cannot seal the commit history: \(error)")
                }
            }
            let sealedHistory = try seal(archive?.slotText(history, seal: seal) ?? history.fileText ?? "")
            return Array((try files.sealed(xml) + CommitHistoryCoding.marker + sealedHistory).utf8)
        }
    }
}
