import Foundation
import Synchronization

/// Runs a producer of records on its own thread while the caller consumes them, so decoding an
/// input and writing to SQLite use both cores.
///
/// Records travel in chunks through a queue that holds at most `capacity` chunks, so memory stays
/// bounded however large the input: a producer that runs ahead waits. The producer's error, if
/// any, is rethrown to the consumer after the records produced before it.
///
/// Consumed chunks go back to the producer, which releases them at its next push. A record's
/// strings and decoded values are then freed on the thread that allocated them. The consumer,
/// which writes to SQLite, is the slower side, and freeing a million records' values had taken
/// a tenth of its time.
final class RecordPipeline<Record: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var chunks: [[Record]] = []
    private var spentChunks: [[Record]] = []
    private var isFinished = false
    private var producerError: (any Error)?
    private var isCancelled = false
    private var producerResult: (any Sendable)?

    /// The number of chunks in the queue, readable without the lock.
    private let queuedChunkCount = Atomic<Int>(0)

    private let capacity: Int
    private let chunkSize: Int

    /// Whether the consumer has half the queue or more still to consume.
    ///
    /// The producer should then take on work that either thread can do.
    /// Read without the lock, so it may be a chunk out of date.
    var consumerIsBehind: Bool {
        queuedChunkCount.load(ordering: .relaxed) * 2 >= capacity
    }

    init(capacity: Int = 8, chunkSize: Int = 512) {
        self.capacity = capacity
        self.chunkSize = chunkSize
    }

    /// Starts `produce` on a new thread and calls `consume` with each record, in order, on the
    /// calling thread; returns what `produce` returned.
    ///
    /// `produce` receives an `emit` function; it must not keep it after returning. When
    /// `consume` throws, the producer is told to stop at its next `emit`, and the error is
    /// rethrown once the producer has finished.
    func run<Output: Sendable>(
        produce: @escaping @Sendable (_ emit: (Record) throws -> Void) throws -> Output,
        consume: (Record) throws -> Void
    ) throws -> Output {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [self] in
            var chunk: [Record] = []
            chunk.reserveCapacity(chunkSize)
            do {
                let output = try produce { record in
                    chunk.append(record)
                    if chunk.count >= chunkSize {
                        try push(chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try push(chunk) }
                finish(output: output, error: nil)
            } catch {
                // The records emitted before the error are still written.
                if !(error is Cancelled), !chunk.isEmpty { try? push(chunk) }
                finish(output: nil, error: error)
            }
            done.signal()
        }

        defer { done.wait() }
        do {
            while var chunk = try pop() {
                for record in chunk {
                    try consume(record)
                }
                giveBack(chunk)
                chunk = []
            }
        } catch {
            cancel()
            throw error
        }

        condition.lock()
        defer { condition.unlock() }
        guard let output = producerResult as? Output else {
            preconditionFailure("the producer finished without an error or a result")
        }
        return output
    }

    /// Thrown inside the producer when the consumer has stopped.
    struct Cancelled: Error {}

    private func push(_ chunk: [Record]) throws {
        var spent: [[Record]] = []
        condition.lock()
        while chunks.count >= capacity && !isCancelled {
            condition.wait()
        }
        if isCancelled {
            condition.unlock()
            throw Cancelled()
        }
        chunks.append(chunk)
        queuedChunkCount.store(chunks.count, ordering: .relaxed)
        swap(&spent, &spentChunks)
        condition.broadcast()
        condition.unlock()
        // `spent` is released here, outside the lock, on the producer's thread.
    }

    /// Hands a consumed chunk back for the producer to release.
    private func giveBack(_ chunk: [Record]) {
        condition.lock()
        spentChunks.append(chunk)
        condition.unlock()
    }

    /// Returns the next chunk, nil when the producer has finished, or throws the producer's
    /// error.
    private func pop() throws -> [Record]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !isFinished {
            condition.wait()
        }
        if !chunks.isEmpty {
            condition.broadcast()
            let chunk = chunks.removeFirst()
            queuedChunkCount.store(chunks.count, ordering: .relaxed)
            return chunk
        }
        if let producerError { throw producerError }
        return nil
    }

    private func finish(output: (any Sendable)?, error: (any Error)?) {
        condition.lock()
        isFinished = true
        producerResult = output
        if !(error is Cancelled) { producerError = error }
        condition.broadcast()
        condition.unlock()
    }

    private func cancel() {
        condition.lock()
        isCancelled = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
