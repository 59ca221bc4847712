import Notifications
import Synchronization
import Testing

final class RecordingStore: EventLogStore {
    let saved = Mutex<[NotificationEvent]>([])
    func append(_ event: NotificationEvent) { saved.withLock { $0.append(event) } }
}

@Suite struct NotificationHubTests {
    func hub(store: RecordingStore? = nil, logged: [NotificationEvent] = []) -> NotificationHub {
        NotificationHub(
            log: EventLog(limits: EventLogLimits(), creationTime: EventTime(unixSeconds: 0), events: logged),
            store: store, now: { EventTime(unixSeconds: 100) })
    }

    @Test func aSubscriberWaitsForTheNextEvent() async {
        let hub = hub()
        let subscription = hub.subscribe(capacity: 8, start: nil, stop: nil)
        async let next = subscription.next()
        hub.publish(event(100))
        #expect(await next == .event(event(100)))
    }

    @Test func replayAndLiveNeitherLoseNorRepeat() async {
        let hub = hub(logged: [event(1), event(2)])
        let subscription = hub.subscribe(capacity: 8, start: EventTime(unixSeconds: 2), stop: nil)
        hub.publish(event(100))
        #expect(await subscription.next() == .event(event(2)))
        #expect(await subscription.next() == .replayComplete)
        #expect(await subscription.next() == .event(event(100)))
    }

    @Test func aSlowSubscriberIsCutOffWhileAnotherKeepsUp() async {
        let hub = hub()
        let slow = hub.subscribe(capacity: 2, start: nil, stop: nil)
        let fast = hub.subscribe(capacity: 2, start: nil, stop: nil)
        for second in 0..<10 {
            hub.publish(event(100 + Double(second)))
            #expect(await fast.next() == .event(event(100 + Double(second))))
        }
        #expect(slow.isCutOff && !fast.isCutOff)
        #expect(await slow.next() == .notificationComplete)
        #expect(await slow.next() == nil)
    }

    @Test func cancellingEndsAWaitingSubscriber() async {
        let hub = hub()
        let subscription = hub.subscribe(capacity: 2, start: nil, stop: nil)
        async let next = subscription.next()
        subscription.cancel()
        #expect(await next == nil)
        #expect(subscription.isCutOff)
    }

    @Test func everyEventIsHandedToTheStore() {
        let store = RecordingStore()
        let hub = hub(store: store)
        hub.publish(event(100, "a"))
        hub.publish(event(101, "b"))
        #expect(store.saved.withLock { $0 } == [event(100, "a"), event(101, "b")])
    }
}
