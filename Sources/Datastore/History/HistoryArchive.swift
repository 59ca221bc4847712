import StateFiles
import Synchronization

/// The older commit records, in a file of their own (`commit-history-a.xml` and `-b.xml`, a
/// ``SlotFile``), so that running's slot, written at every commit, carries only the newest
/// few: a commit then writes a few KiB, not the whole history. The writer thread of
/// running's file writes the archive, just before running's slot, when more than
/// ``slotRecords`` records are not in it yet (or a label changed one that is): then the
/// whole history goes to the archive and running's slot keeps none.
///
/// Crash safety: running's slot holds the next commit id, so the commits on disk are those
/// below it. Loading takes the archive's records below that id and running's slot's
/// records (which win for an id in both): an archive written just before a crash, with
/// commits whose running never reached the disk, contributes nothing of them.
final class HistoryArchive: Sendable {
    /// Records running's slot holds at most before they are archived.
    static let slotRecords = 8

    private struct State {
        var file: SlotFile
        /// The newest id in the archive file; nothing written yet (or a write failed): nil.
        var archivedThrough: UInt64?
        /// The history's label revision the archive holds.
        var revision: UInt64 = 0
    }

    private let state: Mutex<State>
    let file: SlotFile

    init(directory: String) {
        file = SlotFile(directory: directory, name: "commit-history")
        state = Mutex(State(file: file))
    }

    /// The archive's content, as written (sealed when it names a secret).
    func read() -> String? {
        file.read().map { String(decoding: $0, as: UTF8.self) }
    }

    /// On the writer thread: the history text running's slot carries for `history`, after
    /// writing the archive when it needs to be. `seal` turns a history text into its stored
    /// form.
    func slotText(_ history: StoredCommitHistory, seal: (String) throws(AtomicFile.WriteError) -> String) throws(AtomicFile.WriteError) -> String {
        try state.withLock { state throws(AtomicFile.WriteError) -> String in
            let records = history.history.records
            let notArchived = records.reversed().prefix { $0.id > (state.archivedThrough ?? 0) }.count
            if state.archivedThrough == nil || notArchived > Self.slotRecords || history.revision != state.revision {
                let whole = try seal(history.fileText(after: 0) ?? "")
                state.archivedThrough = nil
                try state.file.replace(with: Array(whole.utf8))
                state.archivedThrough = records.last?.id ?? 0
                state.revision = history.revision
            }
            return history.fileText(after: state.archivedThrough ?? 0) ?? ""
        }
    }

    /// After a failed write of running (the history went back): the next write archives again.
    func invalidate() {
        state.withLock { $0.archivedThrough = nil }
    }
}
