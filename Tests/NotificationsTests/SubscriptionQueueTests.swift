import Notifications
import Testing

@Suite struct SubscriptionQueueTests {
    let now = EventTime(unixSeconds: 100)

    func drain(_ queue: inout SubscriptionQueue) -> [SubscriptionItem] {
        var items: [SubscriptionItem] = []
        while let item = queue.next() { items.append(item) }
        return items
    }

    @Test func replayThenReplayCompleteThenLive() {
        var queue = SubscriptionQueue(capacity: 4, replay: [event(1), event(2)], stopTime: nil, now: now)
        queue.offer(event(101))
        #expect(drain(&queue) == [.event(event(1)), .event(event(2)), .replayComplete, .event(event(101))])
        #expect(!queue.isFinished)
    }

    @Test func withoutStartTimeThereIsNoReplayComplete() {
        var queue = SubscriptionQueue(capacity: 4, replay: nil, stopTime: nil, now: now)
        queue.offer(event(101))
        #expect(drain(&queue) == [.event(event(101))])
    }

    @Test func overflowDropsWhatWaitsAndEndsWithNotificationComplete() {
        var queue = SubscriptionQueue(capacity: 2, replay: [event(1)], stopTime: nil, now: now)
        let accepted = [queue.offer(event(101)), queue.offer(event(102)), queue.offer(event(103))]
        #expect(accepted == [true, true, false])
        #expect(queue.ending == .overflow)
        queue.offer(event(104))
        #expect(drain(&queue) == [.notificationComplete])
        #expect(queue.isFinished && !queue.hasPending)
    }

    @Test func aReaderThatKeepsUpNeverOverflows() {
        var queue = SubscriptionQueue(capacity: 1, replay: nil, stopTime: nil, now: now)
        for second in 0..<1000 {
            let accepted = queue.offer(event(101 + Double(second)))
            let next = queue.next()
            #expect(accepted && next == .event(event(101 + Double(second))))
        }
        #expect(queue.ending == nil)
    }

    @Test func stopTimeEndsAfterWhatCameBefore() {
        var queue = SubscriptionQueue(capacity: 4, replay: [event(1)], stopTime: EventTime(unixSeconds: 105), now: now)
        queue.offer(event(104))
        queue.offer(event(106))
        queue.offer(event(107))
        #expect(drain(&queue) == [.event(event(1)), .replayComplete, .event(event(104)), .notificationComplete])
    }

    @Test func aStopTimeInThePastEndsRightAfterTheReplay() {
        var queue = SubscriptionQueue(capacity: 4, replay: [event(1)], stopTime: EventTime(unixSeconds: 50), now: now)
        #expect(drain(&queue) == [.event(event(1)), .replayComplete, .notificationComplete])
    }

    @Test func theStopTimePassingWithoutEventsEnds() {
        var queue = SubscriptionQueue(capacity: 4, replay: nil, stopTime: EventTime(unixSeconds: 105), now: now)
        queue.stopTimeReached(now: EventTime(unixSeconds: 104))
        #expect(queue.next() == nil)
        queue.stopTimeReached(now: EventTime(unixSeconds: 105))
        #expect(drain(&queue) == [.notificationComplete])
    }
}
