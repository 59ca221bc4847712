import Logging
import NTPCore

/// How each ``EngineEvent`` is logged: refused corrections at error (panic)
/// or warning, lost synchronization, reachability and authentication
/// failures at warning, other changes of the clock at notice, association
/// bookkeeping at info. Peer-controlled values are numbers, addresses and
/// kiss codes reduced to ``NTPCore/KissCode/safeText`` only (the reference
/// ID served is this host's: its system peer's address or a code it set).
enum EngineEventLog {
    static func log(_ event: EngineEvent, to logger: Logger) {
        switch event {
        case .synchronizationChanged(let change):
            let metadata: Logger.Metadata = [
                "stratum": "\(change.stratum)", "reference_id": "\(change.referenceID)", "offset_s": "\(change.offset)",
            ]
            if change.to == .synchronized {
                logger.notice("clock synchronized", metadata: metadata)
            } else {
                logger.warning("clock unsynchronized", metadata: metadata)
            }
        case .systemPeerChanged(let old, let new):
            logger.notice("system peer changed", metadata: [
                "old": "\(old.map(\.description) ?? "none")", "new": "\(new.map(\.description) ?? "none")",
            ])
        case .stratumChanged(let from, let to):
            logger.notice("stratum changed", metadata: ["from": "\(from)", "to": "\(to)"])
        case .reachabilityChanged(let association, let reachable, let reach):
            let metadata = metadata(association, ["reach": "\(reach)"])
            if reachable {
                logger.info("association reachable", metadata: metadata)
            } else {
                logger.warning("association unreachable", metadata: metadata)
            }
        case .kissOfDeathReceived(let association, let code):
            logger.warning("kiss-o'-death received", metadata: metadata(association, ["code": "\(code.safeText)"]))
        case .authenticationFailed(let association, let reason):
            logger.warning("packet failed authentication", metadata: metadata(association, ["reason": "\(reason)"]))
        case .clockStepped(let offset, let source):
            logger.notice("clock stepped", metadata: metadata(source, ["offset_s": "\(offset)"]))
        case .stepRefused(let offset, let source, let reason):
            let metadata = metadata(source, ["offset_s": "\(offset)"])
            switch reason {
            case .notBackedByMajority:
                logger.warning("clock step refused: no majority of the sources backs it", metadata: metadata)
            case .stepLimit:
                logger.warning("clock step refused after the step limit: slewing instead", metadata: metadata)
            }
        case .panicThresholdExceeded(let offset, let threshold, let source):
            logger.error("clock offset beyond the panic threshold refused",
                         metadata: metadata(source, ["offset_s": "\(offset)", "panic_threshold_s": "\(threshold)"]))
        case .leapSecondAnnouncement(let leap):
            logger.notice(leap == .noWarning ? "leap second announcement withdrawn" : "leap second announced",
                          metadata: ["leap": "\(leap.rawValue)"])
        case .ephemeralMobilized(let source, let mode, let keyID):
            logger.info("ephemeral association created", metadata: [
                "source": "\(source)", "mode": "\(mode)", "key": "\(keyID.map(String.init) ?? "none")",
            ])
        case .ephemeralReaped(let source, let mode, let wasReachable):
            logger.info(wasReachable ? "ephemeral association unreachable: removed" : "ephemeral association never reachable: removed",
                        metadata: ["source": "\(source)", "mode": "\(mode)"])
        }
    }

    /// The association's name, address and number, plus `extra`.
    private static func metadata(_ association: EventAssociation, _ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata = extra
        metadata["source"] = "\(association.name)"
        metadata["association"] = "\(association.id.rawValue)"
        if let remote = association.remote { metadata["address"] = "\(remote)" }
        return metadata
    }
}
