import StateFiles
import YangData

extension DatastoreService {
    /// After a load: the files that still hold secrets in clear (a state directory of an
    /// older version, or `--initial-config`) are written again with them sealed. Startup is
    /// when it was loaded, or when its file shows a secret in clear; running's slots until
    /// neither holds one.
    func sealSecretsLeftInClear(_ files: DatastoreFiles, loaded origin: LoadedConfiguration) async {
        if case .startup = origin {
            resealStartup(running, in: files)
        } else if let startup = files.read(files.startupPath), files.secrets.holdsClearSecrets(startup), let tree = startupTree() {
            resealStartup(tree, in: files)
        }
        await resealRunningSlots(files)
    }

    /// Startup written again from its `tree`, with its secrets sealed (nothing when it has
    /// none). A failure is logged; startup then stays as it was.
    private func resealStartup(_ tree: DataTree, in files: DatastoreFiles) {
        do {
            let printed = try tree.printXML()
            let sealed = try files.sealed(printed)
            guard sealed != printed else { return }  // no secrets
            try files.write(sealed, to: files.startupPath)
        } catch {
            logger.error("cannot write the startup datastore with its secrets sealed", metadata: ["error": "\(error)"])
        }
    }

    /// Running's file alternates between two slots (``SlotFile``): after a load, a slot may
    /// still hold secrets in clear, written by an older version. Running is written again
    /// (at most twice) until neither does; a failure is logged.
    private func resealRunningSlots(_ files: DatastoreFiles) async {
        guard let runningWriter else { return }
        for _ in 0..<2 {
            let clear = files.running.slotPaths.contains { path in files.read(path).map(files.secrets.holdsClearSecrets) ?? false }
            guard clear else { return }
            let generation = runningWriter.submit(SharedTree(tree: running).fileRendering(files, history: commitHistory, archive: historyArchive))
            do throws(AtomicFile.WriteError) {
                try await runningWriter.waitDurable(generation)
            } catch {
                // The next commit goes back to the durable running first (the same tree).
                logger.error("cannot write running again with its secrets sealed", metadata: ["error": "\(error)"])
                return
            }
            savedRunning.append((generation, running, runningConfiguration, commitHistory), durable: runningWriter.durableGeneration)
        }
    }
}
