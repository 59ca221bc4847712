import NTPCore

/// The events a change of the served system variables makes: compares what
/// was served before a change with what is served after it, at the change
/// (``EngineCore/pushSystemVariables(now:)``).
enum ServedClockChange {
    /// In order: synchronization state, stratum (only while synchronized
    /// before and after), leap-second announcement (only while synchronized
    /// after). `offset` is the discipline's last accepted offset.
    static func events(from old: SystemVariables, to new: SystemVariables, offset: Double) -> [EngineEvent] {
        var events: [EngineEvent] = []
        if old.isSynchronized != new.isSynchronized {
            events.append(.synchronizationChanged(EngineEvent.SynchronizationChange(
                from: old.isSynchronized ? .synchronized : .unsynchronized,
                to: new.isSynchronized ? .synchronized : .unsynchronized,
                stratum: new.stratum, referenceID: new.referenceID, offset: offset
            )))
        } else if new.isSynchronized, old.stratum != new.stratum {
            events.append(.stratumChanged(from: old.stratum, to: new.stratum))
        }
        if new.isSynchronized, new.leap != old.leap, new.leap.isWarning || old.leap.isWarning {
            events.append(.leapSecondAnnouncement(new.leap))
        }
        return events
    }
}

extension LeapIndicator {
    /// A leap second is announced for the end of the day.
    var isWarning: Bool { self == .lastMinuteHas61Seconds || self == .lastMinuteHas59Seconds }
}
