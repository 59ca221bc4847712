import Logging
import NTPCore

/// How each ``EngineEvent`` is logged: refused corrections at error (panic)
/// or warning, ephemeral associations at info. Peer-controlled values are
/// numbers and addresses only.
enum EngineEventLog {
    static func log(_ event: EngineEvent, to logger: Logger) {
        switch event {
        case .stepRefused(let offset, let source, let reason):
            let metadata: Logger.Metadata = ["offset_s": "\(offset)", "source": "\(source)"]
            switch reason {
            case .panic:
                logger.error("clock offset beyond the panic threshold refused", metadata: metadata)
            case .notBackedByMajority:
                logger.warning("clock step refused: no majority of the sources backs it", metadata: metadata)
            case .stepLimit:
                logger.warning("clock step refused after the step limit: slewing instead", metadata: metadata)
            }
        case .ephemeralMobilized(let source, let mode, let keyID):
            logger.info("ephemeral association created", metadata: [
                "source": "\(source)", "mode": "\(mode)", "key": "\(keyID.map(String.init) ?? "none")",
            ])
        case .ephemeralReaped(let source, let mode, let wasReachable):
            logger.info(wasReachable ? "ephemeral association unreachable: removed" : "ephemeral association never reachable: removed",
                        metadata: ["source": "\(source)", "mode": "\(mode)"])
        }
    }
}
