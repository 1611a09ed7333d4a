import Foundation

/// A result scan in two parts: `MinionResultScan` over the older and the newer half of the jobs
/// at once, each on its own connection and thread, so `failures` and `retcodes` use both cores.
///
/// A scan of every result is bound by the processor: it steps through three indexes and counts
/// as it goes. Halving the jid range halves the wall time on two cores, and a job's results
/// always fall in one half, so per-job figures such as failure streaks can be joined after.
///
/// Each connection reads its own snapshot, and the two start a moment apart. While an ingest
/// writes, the older half can therefore show the database slightly earlier or later than the
/// newer half. Each half is consistent in itself.
enum SplitResultScan {
    /// Calls `body` with a scan of each part of the jid range, at the same time, and returns
    /// the results oldest part first.
    ///
    /// The parts meet at `middle`, by default the jid that halves the stored jobs. A database
    /// with fewer than two jobs, or one that has no file (an in-memory database), is scanned
    /// whole on the calling thread.
    static func run<Part: Sendable>(
        store: Store,
        filter: QueryFilter,
        splittingAt middle: String? = nil,
        _ body: @escaping @Sendable (MinionResultScan) throws -> Part
    ) throws -> [Part] {
        let database = store.database
        guard let middle = try middle ?? middleJid(database), !database.path.isEmpty, database.path != ":memory:"
        else {
            return [try body(MinionResultScan(database: database, filter: filter))]
        }

        let newer = ThreadResult<Part>()
        let path = database.path
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            newer.value = Result {
                let connection = try Database(path: path, mode: .readOnly)
                defer { connection.close() }
                return try body(MinionResultScan(database: connection, filter: filter, jids: JidRange(lower: middle)))
            }
            done.signal()
        }

        let older = Result {
            try body(MinionResultScan(database: database, filter: filter, jids: JidRange(upper: middle)))
        }
        done.wait()
        return [try older.get(), try newer.get()]
    }

    /// Returns the jid that splits the stored jobs into halves of equal count, or nil for fewer
    /// than two jobs.
    private static func middleJid(_ database: Database) throws -> String? {
        let query = try database.prepare(
            """
            SELECT jid FROM jobs INDEXED BY jobs_summary ORDER BY jid
            LIMIT 1 OFFSET max(1, (SELECT count(*) FROM jobs) / 2)
            """
        )
        guard try query.step() else { return nil }
        let jid = query.string(at: 0)
        return jid == nil || jid == "" ? nil : jid
    }
}

/// The result a thread leaves for the thread that waits for it.
///
/// The waiting thread reads `value` only after a semaphore signalled from the writing thread
/// after it set it, which orders the two accesses.
private final class ThreadResult<Value: Sendable>: @unchecked Sendable {
    var value: Result<Value, any Error>?

    func get() throws -> Value {
        guard let value else { preconditionFailure("the scan thread finished without a result") }
        return try value.get()
    }
}
