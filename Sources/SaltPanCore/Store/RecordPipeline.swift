import Foundation
import Synchronization

/// Runs a producer of records on its own thread while the caller consumes them, so decoding an
/// input and writing to SQLite use both cores.
///
/// Records travel in chunks through a queue of at most `capacity` chunks and, by the producer's
/// estimate of each record's size, at most `byteLimit` bytes. Memory stays bounded however large
/// the input and its records: a producer that runs ahead waits. The producer's error, if any, is
/// rethrown to the consumer after the records produced before it.
///
/// Consumed chunks go back to the producer, which releases them at its next push, or while it
/// waits for room in the queue. A record's strings and decoded values are then freed on the
/// thread that allocated them. The consumer, which writes to SQLite, was the slower side when
/// this was measured, and freeing a million records' values had taken a tenth of its time.
final class RecordPipeline<Record: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var chunks: [(records: [Record], bytes: Int)] = []
    private var queuedBytes = 0
    private var spentChunks: [[Record]] = []
    private var isFinished = false
    private var producerError: (any Error)?
    private var isCancelled = false
    private var producerResult: (any Sendable)?

    /// Whether the queue is half full or more, readable without the lock.
    private let isHalfFull = Atomic<Bool>(false)

    private let capacity: Int
    private let chunkSize: Int
    private let byteLimit: Int
    private let size: @Sendable (Record) -> Int

    /// Whether the consumer has half the queue or more still to consume, in chunks or bytes.
    ///
    /// The producer should then take on work that either thread can do. It is read without the
    /// lock, so it may be a chunk out of date.
    var consumerIsBehind: Bool {
        isHalfFull.load(ordering: .relaxed)
    }

    /// Creates a pipeline with a queue of at most `capacity` chunks of at most `chunkSize`
    /// records, and of at most `byteLimit` bytes as `size` estimates them.
    ///
    /// A chunk is handed over early when it reaches its share of `byteLimit`, and a chunk larger
    /// than the limit still passes through an empty queue.
    init(
        capacity: Int = 8,
        chunkSize: Int = 512,
        byteLimit: Int = .max,
        size: @escaping @Sendable (Record) -> Int = { _ in 0 }
    ) {
        self.capacity = capacity
        self.chunkSize = chunkSize
        self.byteLimit = byteLimit
        self.size = size
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
            var chunkBytes = 0
            let chunkByteLimit = byteLimit / capacity
            // Moves the chunk into the queue, so the consumer holds the only reference to it.
            func pushChunk() throws {
                var full: [Record] = []
                full.reserveCapacity(chunkSize)
                swap(&full, &chunk)
                let bytes = chunkBytes
                chunkBytes = 0
                try push(consume full, bytes: bytes)
            }

            do {
                let output = try produce { record in
                    chunk.append(record)
                    chunkBytes += size(record)
                    if chunk.count >= chunkSize || chunkBytes >= chunkByteLimit {
                        try pushChunk()
                    }
                }
                if !chunk.isEmpty { try pushChunk() }
                finish(output: output, error: nil)
            } catch {
                // The records emitted before the error are still written.
                if !(error is Cancelled), !chunk.isEmpty { try? pushChunk() }
                finish(output: nil, error: error)
            }
            done.signal()
        }

        defer { done.wait() }
        do {
            while var chunk = try pop() {
                // Each record is moved out for `consume` and back, because iterating the array
                // copies each record, retaining its strings and values once more. The chunk is
                // not shared, so the buffer is not copied either.
                try chunk.withUnsafeMutableBufferPointer { records in
                    for index in records.indices {
                        let record = records.moveElement(from: index)
                        do {
                            try consume(record)
                        } catch {
                            records.initializeElement(at: index, to: record)
                            throw error
                        }
                        records.initializeElement(at: index, to: record)
                    }
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

    private func push(_ chunk: consuming [Record], bytes: Int) throws {
        var spent: [[Record]] = []
        condition.lock()
        while !chunks.isEmpty && (chunks.count >= capacity || queuedBytes + bytes > byteLimit) && !isCancelled {
            if spentChunks.isEmpty {
                condition.wait()
                continue
            }
            // Release consumed chunks while waiting, so they do not add to the queue's memory.
            swap(&spent, &spentChunks)
            condition.unlock()
            spent = []
            condition.lock()
        }
        if isCancelled {
            condition.unlock()
            throw Cancelled()
        }
        chunks.append((consume chunk, bytes))
        queuedBytes += bytes
        updateFill()
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
            queuedBytes -= chunk.bytes
            updateFill()
            return chunk.records
        }
        if let producerError { throw producerError }
        return nil
    }

    /// Publishes whether the queue is half full, with the lock held by the caller.
    private func updateFill() {
        isHalfFull.store(chunks.count * 2 >= capacity || queuedBytes * 2 >= byteLimit, ordering: .relaxed)
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
        queuedBytes = 0
        updateFill()
        condition.broadcast()
        condition.unlock()
    }
}
