import StateFiles
import Synchronization

/// The older commit records, in a file of their own (`commit-history-a.xml` and `-b.xml`, a
/// ``SlotFile``) written by a writer thread of its own, so that running's slot, written at
/// every commit, carries only the records the archive does not hold yet: a commit writes a
/// few KiB, not the whole history, and never waits for the archive.
///
/// When running's slot would carry more than ``slotRecords`` records (or a label changed
/// one), the writer of running's file hands the whole history to the archive's writer;
/// running's slot keeps carrying those records until the archive is on disk. So every
/// commit on disk has its record in running's slot or in a durable archive.
///
/// Loading: the commits on disk are those below running's next id; the archive's records
/// below the oldest record in running's slot are taken, then running's (an archive written
/// just before a crash, with commits whose running never reached the disk, contributes none
/// of them).
final class HistoryArchive: Sendable {
    /// Records running's slot carries before the archive is written.
    static let slotRecords = 16

    private struct State {
        /// The newest id the archive file holds, and the label revision it holds; nil when
        /// unknown (not written since start, or running went back after a failed write).
        var archived: (through: UInt64, revision: UInt64)?
        /// The archive write under way: its generation in `writer`, newest id and revision.
        var pending: (generation: UInt64, through: UInt64, revision: UInt64)?
    }

    let file: SlotFile
    private let writer: GroupCommitWriter
    private let state = Mutex(State())

    init(directory: String) {
        file = SlotFile(directory: directory, name: "commit-history")
        writer = GroupCommitWriter(file: file)
    }

    /// The archive's content, as written (sealed when it names a secret).
    func read() -> String? {
        file.read().map { String(decoding: $0, as: UTF8.self) }
    }

    /// On the writer thread of running's file: the history text running's slot carries for
    /// `history`; hands the archive a new content when needed. `seal` turns a history text
    /// into its stored form (run on the archive's thread).
    func slotText(_ history: StoredCommitHistory, seal: @escaping @Sendable (String) throws(AtomicFile.WriteError) -> String) -> String {
        state.withLock { state -> String in
            if let pending = state.pending {
                if writer.hasFailed {
                    writer.reset()
                    state.pending = nil
                } else if writer.durableGeneration >= pending.generation {
                    state.archived = (pending.through, pending.revision)
                    state.pending = nil
                }
            }
            // Records the archive holds with their current labels are left out of the slot.
            let through = state.archived.flatMap { $0.revision == history.revision ? $0.through : nil } ?? 0
            let text = history.fileText(after: through) ?? ""
            let carried = history.history.records.reversed().prefix { $0.id > through }.count
            if state.pending == nil, carried > Self.slotRecords || (carried > 0 && through == 0) {
                let whole = history
                let generation = writer.submit { () throws(AtomicFile.WriteError) -> [UInt8] in
                    Array(try seal(whole.fileText(after: 0) ?? "").utf8)
                }
                state.pending = (generation, history.history.records.last?.id ?? 0, history.revision)
            }
            return text
        }
    }

    /// After a failed write of running (the history went back, and ids the archive holds
    /// may be given again): running's slot carries every record until the archive is
    /// written again.
    func invalidate() {
        state.withLock { state in
            state.archived = nil
            state.pending = nil
        }
    }

    /// Waits until the archive handed in so far is on disk (shutdown).
    func flush() async {
        do throws(AtomicFile.WriteError) {
            try await writer.waitDurable(writer.submittedGeneration)
        } catch {
            // The records stay in running's slot until an archive write succeeds; nothing is lost.
        }
    }
}
