import Logging
import NTPEngine
import NTPService
import NetconfServer
import Notifications

extension RunCommand {
    /// The NETCONF event stream: the replay log saved in the state directory
    /// (`notification-log`), loaded under the configured limits.
    func eventStream(in stateDirectory: String, logger: Logger) -> (NotificationHub, EventLogFile) {
        let clock = SystemEventClock()
        let limits = EventLogLimits(maxEvents: notificationLogSize, maxAgeSeconds: Double(notificationLogAge))
        let path = stateDirectory + "/notification-log"
        let (log, damaged) = EventLogFile.load(path: path, limits: limits, now: clock.now())
        if damaged {
            logger.warning("the notification replay log is not readable: starting a new one", metadata: ["file": "\(path)"])
        }
        let file = EventLogFile(path: path, log: log)
        return (NotificationHub(log: log, store: file, now: { clock.now() }), file)
    }

    /// The NTP engine's events as meridian-ntp notifications, stamped with the time each
    /// happened. Runs on the engine thread: rendering is a few string appends and `publish`
    /// only appends to the log and to each subscription's bounded queue (no I/O, no wait).
    static func ntpEventHandler(_ hub: NotificationHub) -> EngineEventHandler {
        { timed in
            let (name, xml) = NTPEventNotification.render(timed)
            hub.publish(NotificationEvent(
                time: EventTime(unixSeconds: timed.time), module: NTPEventNotification.module, name: name, contentXML: xml))
        }
    }
}
