/// The filters every listing and counting command takes, turned into SQL with bound parameters.
///
/// Job conditions (time, function, target, user, metadata, internal jobs) select jobs. Result
/// conditions (minion, product, outcome, retcode) select minion results: the returns, and the
/// expected minions without a return, which count as `missing`. Values of one option are
/// alternatives (`--function a --function b` matches either); different options must all hold.
public struct QueryFilter: Sendable {
    /// Jobs that started at or after this time.
    public var since: Timestamp?
    /// Jobs that started before this time; the bound itself is excluded.
    public var until: Timestamp?
    public var functions: [GlobPattern] = []
    /// Globs for the target: a glob target's text, or any minion of a list target.
    public var targets: [GlobPattern] = []
    public var minions: [GlobPattern] = []
    public var users: [String] = []
    public var products: [String] = []
    public var outcomes: Set<Outcome> = []
    public var retcodes: Set<Int64> = []
    public var metadata: [MetadataCondition] = []
    /// Whether to keep `saltutil.find_job`, `saltutil.running` and `runner.jobs.*` jobs.
    public var includeInternal = false

    public init() {}

    /// Whether any result condition is set, so that a job qualifies only through its minions.
    public var hasResultConditions: Bool {
        !minions.isEmpty || !products.isEmpty || !outcomes.isEmpty || !retcodes.isEmpty
    }

    // MARK: - Jobs

    /// Builds the job conditions for the `jobs` table (or a view with its column names) named
    /// `job`.
    func jobCondition(_ job: String) -> SQLFragment {
        var conditions: [SQLFragment] = []
        if !includeInternal {
            conditions.append(SQLFragment("NOT " + InternalJobs.predicate(function: "\(job).function")))
        }
        if let since {
            conditions.append(SQLFragment("\(job).start_time >= ?", [.text(since.iso8601())]))
        }
        if let until {
            conditions.append(SQLFragment("\(job).start_time < ?", [.text(until.iso8601())]))
        }
        if !functions.isEmpty {
            conditions.append(.any(functions.map { SQLFragment("\(job).function GLOB ?", [.text($0.sqliteText)]) }))
        }
        if !targets.isEmpty {
            conditions.append(.any(targets.map { targetCondition(job, $0) }))
        }
        if !users.isEmpty {
            conditions.append(.column("\(job).user", in: users.map { .text($0) }))
        }
        for condition in metadata {
            conditions.append(metadataCondition(job, condition))
        }
        return .all(conditions)
    }

    /// Builds the condition for one target glob.
    ///
    /// A glob target matches by its text, and a list target (`-L`, `--static`, batches) when any
    /// minion in it matches.
    private func targetCondition(_ job: String, _ pattern: GlobPattern) -> SQLFragment {
        SQLFragment(
            """
            (json_type(\(job).target) = 'text' AND json_extract(\(job).target, '$') GLOB ?)
            OR (json_type(\(job).target) = 'array'
                AND EXISTS (SELECT 1 FROM json_each(\(job).target) AS target_minion
                            WHERE target_minion.type = 'text' AND target_minion.value GLOB ?))
            """,
            [.text(pattern.sqliteText), .text(pattern.sqliteText)]
        )
    }

    /// Builds the condition that a top-level metadata key has the given value as text.
    ///
    /// Strings compare as they are, numbers in their decimal form, `true`, `false` and `null` by
    /// name, and lists and maps as compact JSON.
    private func metadataCondition(_ job: String, _ condition: MetadataCondition) -> SQLFragment {
        SQLFragment(
            """
            EXISTS (SELECT 1 FROM json_each(\(job).metadata) AS metadata_entry
                    WHERE metadata_entry.key = ?
                      AND (CASE metadata_entry.type
                               WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null'
                               ELSE CAST(metadata_entry.value AS TEXT) END) = ?)
            """,
            [.text(condition.key), .text(condition.value)]
        )
    }

    // MARK: - Minion results

    /// Builds the minion globs for a column of minion ids, or `1` when there are none.
    func minionCondition(_ column: String) -> SQLFragment {
        .any(minions.map { SQLFragment("\(column) GLOB ?", [.text($0.sqliteText)]) }).orTrue(when: minions.isEmpty)
    }

    /// Builds the result conditions for a row of `returns` named `result`.
    func returnCondition(_ result: String) -> SQLFragment {
        var conditions = [minionCondition("\(result).minion")]
        if !products.isEmpty {
            conditions.append(.column("\(result).product", in: products.map { .text($0) }))
        }
        if !outcomes.isEmpty {
            let returned = outcomes.subtracting([.missing]).sorted()
            guard !returned.isEmpty else { return SQLFragment("0") }
            conditions.append(.column("\(result).outcome", in: returned.map { .text($0.rawValue) }))
        }
        if !retcodes.isEmpty {
            conditions.append(.column("\(result).retcode", in: retcodes.sorted().map { .integer($0) }))
        }
        return .all(conditions)
    }

    /// Builds the result conditions for an expected minion without a return, whose id is in column
    /// `minion` and whose product is the SQL expression `product`.
    ///
    /// A missing minion has no retcode, so a retcode condition excludes it.
    func missingCondition(minion: String, product: String) -> SQLFragment {
        guard outcomes.isEmpty || outcomes.contains(.missing), retcodes.isEmpty else { return SQLFragment("0") }
        var conditions = [minionCondition(minion)]
        if !products.isEmpty {
            conditions.append(.column(product, in: products.map { .text($0) }))
        }
        return .all(conditions)
    }

}

/// A `--metadata KEY=VALUE` condition on the metadata a job was published with.
public struct MetadataCondition: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Reads `KEY=VALUE`; the value may contain further `=` signs.
    ///
    /// - Throws: `QueryInputError` when there is no `=` or the key is empty.
    public init(parsing text: String) throws(QueryInputError) {
        guard let separator = text.firstIndex(of: "="), separator != text.startIndex else {
            throw QueryInputError(value: text, reason: "write KEY=VALUE, such as ticket=OPS-1234")
        }
        self.key = String(text[..<separator])
        self.value = String(text[text.index(after: separator)...])
    }
}

extension SQLFragment {
    /// Returns `1` when `condition` is true, else the fragment itself.
    fileprivate func orTrue(when condition: Bool) -> SQLFragment {
        condition ? SQLFragment("1") : self
    }
}
