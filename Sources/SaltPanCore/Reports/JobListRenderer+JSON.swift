extension JobListRenderer {
    /// Writes `saltpan jobs --format json`: a JSON array of the jobs `filter` selects, in the
    /// order and up to the `limit` of `JobListQuery.jobs(in:filter:limit:)`, ending in a newline.
    ///
    /// The array is streamed: each job is loaded, built and handed to `write` before the next
    /// one is read, so memory does not grow with the number of jobs. The text is that of
    /// `ReportRenderer.json` for the whole array, `[]` when no job is selected. When a job
    /// cannot be read, what was already handed to `write` stays written, an array without its
    /// closing bracket, and the error is thrown.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func writeJSON(
        from store: Store,
        filter: QueryFilter,
        limit: Int?,
        to write: (_ bytes: [UInt8]) -> Void
    ) throws {
        var array = JSONArrayStream(writer: JSONWriter(dialect: .output, prettyPrinted: true))
        var bytes: [UInt8] = []
        try JobListQuery.forEachJid(in: store, filter: filter, limit: limit) { jid in
            guard let detail = try JobDetailQuery.load(jid: jid, from: store, mode: .light) else { return }
            array.append(jsonValue(detail), to: &bytes)
            write(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        array.finish(to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        write(bytes)
    }

    /// Builds one listed job: the object `saltpan job --format json` prints, with `returns` left
    /// out and three members added at the end.
    ///
    /// The added members are `returned_count`, `missing_count` (null without an expected-minion
    /// list) and `outcomes` (every outcome with its count). The rest comes from
    /// `JobDetailRenderer.jobMembers`, so the listed objects keep that command's members as they
    /// change. None of them needs more than `JobDetailQuery.Mode.light` loads.
    static func jsonValue(_ detail: JobDetail) -> Value {
        let missing = detail.missingMinions?.count
        let counts: [Value.MapEntry] = [
            .init(key: .string("returned_count"), value: .int(Int64(detail.returnedMinions.count))),
            .init(key: .string("missing_count"), value: missing.map { .int(Int64($0)) } ?? .null),
            .init(key: .string("outcomes"), value: outcomes(detail)),
        ]
        return .map(JobDetailRenderer.jobMembers(detail) + counts)
    }

    private static func outcomes(_ detail: JobDetail) -> Value {
        .map(
            outcomeOrder.map { outcome in
                let count = detail.minions.filter { $0.outcome == outcome }.count
                return Value.MapEntry(key: .string(outcome.rawValue), value: .int(Int64(count)))
            }
        )
    }
}
