/// Where the replay log is kept between runs. `save` hands over the log as it is now and
/// returns at once: the commit path and producers never wait for a disk.
public protocol EventLogStore: Sendable {
    func save(_ log: EventLog)
}
