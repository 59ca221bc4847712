/// Where the replay log is kept between runs. `append` hands over one published event and
/// returns at once: the commit path and producers never wait for a disk.
public protocol EventLogStore: Sendable {
    func append(_ event: NotificationEvent)
}
