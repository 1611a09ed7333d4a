import Foundation
import Testing

@testable import SaltPanCore

/// Tests of the hand-over between the reader and the writer thread of a large ingest.
@Suite struct RecordPipelineTests {
    struct ProducerFailure: Error {}
    struct ConsumerFailure: Error {}

    /// Records arrive in order and whole, across many chunks that go back to the producer.
    @Test func recordsArriveInOrder() throws {
        let pipeline = RecordPipeline<[Int]>(capacity: 2, chunkSize: 3)
        var received: [[Int]] = []
        let produced = try pipeline.run(
            produce: { emit in
                for number in 0..<1_000 {
                    try emit([number, number * 2])
                }
                return 1_000
            },
            consume: { received.append($0) }
        )

        #expect(produced == 1_000)
        #expect(received == (0..<1_000).map { [$0, $0 * 2] })
    }

    /// A reader that fails halfway leaves the records it read before the failure written.
    @Test func producerErrorComesAfterItsRecords() throws {
        let pipeline = RecordPipeline<Int>(capacity: 2, chunkSize: 4)
        var received: [Int] = []
        #expect(throws: ProducerFailure.self) {
            try pipeline.run(
                produce: { emit in
                    for number in 0..<10 {
                        try emit(number)
                    }
                    throw ProducerFailure()
                },
                consume: { received.append($0) }
            )
        }
        #expect(received == Array(0..<10))
    }

    /// A writer that fails stops the reader at its next record instead of letting it run on.
    @Test func consumerErrorStopsProducer() throws {
        let pipeline = RecordPipeline<Int>(capacity: 1, chunkSize: 1)
        let emitted = Counter()
        #expect(throws: ConsumerFailure.self) {
            try pipeline.run(
                produce: { emit in
                    for number in 0..<100_000 {
                        try emit(number)
                        emitted.increment()
                    }
                    return ()
                },
                consume: { number in
                    if number == 5 { throw ConsumerFailure() }
                }
            )
        }
        #expect(emitted.value < 100)
    }

    @Test func byteLimitHoldsBackProducer() throws {
        // Records of 100 bytes with a limit of 1,000: each goes alone, because a chunk's share
        // of the limit is 10 bytes, and at most 10 wait in the queue. While the consumer keeps
        // the first one, the producer gets at most one more past them before it has to wait.
        let pipeline = RecordPipeline<Int>(capacity: 100, chunkSize: 100, byteLimit: 1_000) { _ in 100 }
        let emitted = Counter()
        var emittedWhileConsumerHeld: Int?
        var received: [Int] = []
        try pipeline.run(
            produce: { emit in
                for number in 0..<100 {
                    try emit(number)
                    emitted.increment()
                }
            },
            consume: { number in
                if number == 0 {
                    Thread.sleep(forTimeInterval: 0.3)
                    emittedWhileConsumerHeld = emitted.value
                }
                received.append(number)
            }
        )
        #expect(try #require(emittedWhileConsumerHeld) <= 12)
        #expect(received == Array(0..<100))
    }

    @Test func recordOverByteLimitStillPasses() throws {
        let pipeline = RecordPipeline<Int>(capacity: 4, chunkSize: 8, byteLimit: 1_000) { _ in 5_000 }
        var received: [Int] = []
        try pipeline.run(
            produce: { emit in
                for number in 0..<20 { try emit(number) }
            },
            consume: { received.append($0) }
        )
        #expect(received == Array(0..<20))
    }

    @Test func producerSeesWhenConsumerIsBehind() throws {
        // The consumer waits on its first record until the producer has seen half the queue
        // filled: the chunks of records 1 and 2, or of 1 alone if the first is still queued.
        let pipeline = RecordPipeline<Int>(capacity: 4, chunkSize: 1)
        let producerSawBacklog = DispatchSemaphore(value: 0)
        let firstBehindRecord = try pipeline.run(
            produce: { emit -> Int? in
                var firstBehind: Int?
                for number in 0..<10 {
                    try emit(number)
                    if firstBehind == nil, pipeline.consumerIsBehind {
                        firstBehind = number
                        producerSawBacklog.signal()
                    }
                }
                return firstBehind
            },
            consume: { number in
                // If the producer never finds the queue half full, the test fails instead of hanging.
                if number == 0 { _ = producerSawBacklog.wait(timeout: .now() + 10) }
            }
        )
        #expect(firstBehindRecord == 1 || firstBehindRecord == 2)
        #expect(!pipeline.consumerIsBehind)
    }
}

/// A count shared between the producer thread and the test.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() {
        lock.withLock { count += 1 }
    }
}
