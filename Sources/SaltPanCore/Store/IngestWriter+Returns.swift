extension IngestWriter {
    /// Writes a return of a job running `function`; returns true when it was not stored before.
    ///
    /// When another source stored the same (jid, minion) already, the sources are compared on
    /// retcode, success and return value. If they agree, this source is only added to the
    /// return's provenance. If they disagree, the facts of each source are kept in `return_facts`,
    /// and the stored return is resolved by one rule: a source that carries a retcode wins over
    /// one that does not; otherwise the source ingested first stays.
    @discardableResult
    func write(_ record: ReturnRecord, function: String?) throws -> Bool {
        if let encoded = record.encodedValue, encoded.form != .stored {
            return try write(record.resolvingSourceText(), function: function)
        }
        if record.value == nil, let encoded = record.encodedValue, encoded.text.first == UInt8(ascii: "{"),
            let function, OutcomeRule.readsMembers(function: function),
            !(FunctionFamily(function) == .state && encoded.stateRunTally != nil)
        {
            // A map kept only as text, where the rule of the job's function reads its members.
            // `ReturnEventLine` decodes such maps itself. This keeps the rule right for any reader.
            var decoded = record
            decoded.value = try encoded.decoded()
            decoded.encodedValue = nil
            return try write(decoded, function: function)
        }
        try beginBatchIfNeeded()
        let isAwaited = takeAwaitedReturn(jid: record.jid, minion: record.minion)
        let isNew = try insertReturn(record, function: function, isAwaited: isAwaited)
        if isNew {
            counts.newReturns += 1
        } else {
            counts.knownReturns += 1
            try mergeReturn(record, function: function)
        }
        try countRecord()
        return isNew
    }

    /// Inserts a return that is not stored yet.
    ///
    /// The return of a minion its job awaits is not stored yet. Any other is looked up, and if
    /// it is new, a job whose expected minions are its returned ones first stores them as rows,
    /// because this minion was not among them.
    private func insertReturn(_ record: ReturnRecord, function: String?, isAwaited: Bool) throws -> Bool {
        if !isAwaited {
            guard try !isStored(jid: record.jid, minion: record.minion) else { return false }
            try storeExpectedRowsIfReturned(jid: record.jid)
        }
        let verdict = OutcomeRule.verdict(
            function: function,
            retcode: record.retcode,
            success: record.success,
            value: record.value,
            stateRunTally: record.encodedValue?.stateRunTally
        )
        let insert = try database.cachedStatement(
            """
            INSERT INTO returns (jid, minion, product, product_basis, retcode, success, return, return_form,
                                 outputter, outcome, cause, outcome_is_weak, exit_success, source_id, return_time,
                                 conflicting_jid, inconsistency)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        let product = record.product ?? self.product
        let productBasis = record.product != nil ? "data" : (self.product != nil ? "option" : nil)
        try insert.bind(record.jid, at: 1)
        try insert.bind(record.minion, at: 2)
        try insert.bind(product, at: 3)
        try insert.bind(productBasis, at: 4)
        try insert.bind(record.retcode, at: 5)
        try insert.bind(record.success, at: 6)
        try insert.bind(record.form.rawValue, at: 8)
        try insert.bind(record.outputter, at: 9)
        try insert.bind(verdict.outcome.rawValue, at: 10)
        try insert.bind(verdict.cause, at: 11)
        try insert.bind(verdict.isWeak, at: 12)
        try insert.bind(record.encodedValue?.isTruthy ?? OutcomeRule.exitSuccess(record.value), at: 13)
        try insert.bind(sourceID, at: 14)
        try insert.bind(record.stamp, at: 15)
        try insert.bind(verdict.conflictingJid, at: 16)
        try insert.bind(verdict.inconsistency, at: 17)
        try run(insert, bindingValueOf: record, at: 7)
        return true
    }

    /// True when a return of `minion` for `jid` is stored.
    ///
    /// No unique index guards the pair (see `Schema.ingestVersion`), so this check keeps one
    /// return per minion and job. The writer has the write lock from the check to the insert.
    private func isStored(jid: String, minion: String) throws -> Bool {
        let query = try database.cachedStatement("SELECT 1 FROM returns WHERE jid = ? AND minion = ?")
        try query.bind(jid, at: 1)
        try query.bind(minion, at: 2)
        defer { query.reset() }
        return try query.step()
    }

    /// The facts one source reports about a return, in the form the store compares.
    private struct Facts: Equatable {
        var retcode: Int64?
        var success: Bool?
        /// The return value as lossless JSON text; nil when the source had no value.
        var value: String?

        /// True when both sources report the same facts, a value missing from one of them aside.
        func agrees(with other: Facts) -> Bool {
            retcode == other.retcode && success == other.success
                && (value == nil || other.value == nil || value == other.value)
        }
    }

    private func mergeReturn(_ record: ReturnRecord, function: String?) throws {
        let query = try database.cachedStatement(
            "SELECT retcode, success, return, source_id FROM returns WHERE jid = ? AND minion = ?"
        )
        try query.bind(record.jid, at: 1)
        try query.bind(record.minion, at: 2)
        guard try query.step() else { return }
        let stored = Facts(
            retcode: query.optionalInt64(at: 0),
            success: query.optionalInt64(at: 1).map { $0 != 0 },
            value: query.string(at: 2)
        )
        let storedSource = query.int64(at: 3)
        query.reset()

        var incoming = Facts(retcode: record.retcode, success: record.success, value: nil)
        if let encoded = record.encodedValue {
            incoming.value = String(decoding: encoded.text, as: UTF8.self)
        } else if let value = record.value {
            encode(value)
            incoming.value = String(decoding: jsonBuffer, as: UTF8.self)
        }

        if storedSource == sourceID, !stored.agrees(with: incoming) {
            repeatedReturns.add(jid: record.jid, minion: record.minion)
        } else if storedSource != sourceID, !stored.agrees(with: incoming) {
            counts.disagreements += 1
            // The stored facts are the first source's only until a source with a retcode
            // replaces them, and that disagreement already kept the first source's own row.
            try keepFacts(stored, jid: record.jid, minion: record.minion, source: storedSource, replacing: false)
            try keepFacts(incoming, jid: record.jid, minion: record.minion, source: sourceID, replacing: true)
            if stored.retcode == nil, incoming.retcode != nil {
                try replaceFacts(with: record, function: function)
            }
        }
        try fillBlanks(from: record)
        try addProvenance(jid: record.jid, minion: record.minion)
    }

    /// Takes from a later source what the stored return lacks: the time its event was fired,
    /// and a product the data names (saltshaker's `product_id`), which outranks one given with
    /// `--product` or by a product map.
    private func fillBlanks(from record: ReturnRecord) throws {
        guard record.stamp != nil || record.product != nil else { return }
        let update = try database.cachedStatement(
            """
            UPDATE returns
            SET return_time = coalesce(return_time, ?1),
                product = CASE WHEN ?2 IS NOT NULL AND product_basis IS NOT 'data' THEN ?2 ELSE product END,
                product_basis = CASE WHEN ?2 IS NOT NULL AND product_basis IS NOT 'data' THEN 'data'
                                     ELSE product_basis END
            WHERE jid = ?3 AND minion = ?4
              AND ((?1 IS NOT NULL AND return_time IS NULL) OR (?2 IS NOT NULL AND product_basis IS NOT 'data'))
            """
        )
        try update.bind(record.stamp, at: 1)
        try update.bind(record.product, at: 2)
        try update.bind(record.jid, at: 3)
        try update.bind(record.minion, at: 4)
        try update.run()
    }

    /// Records what `source` reported; with `replacing` false, a row the source already has
    /// stays as it is.
    private func keepFacts(_ facts: Facts, jid: String, minion: String, source: Int64, replacing: Bool) throws {
        let insert =
            replacing
            ? try database.cachedStatement(
                """
                INSERT OR REPLACE INTO return_facts (jid, minion, source_id, retcode, success, return)
                VALUES (?, ?, ?, ?, ?, ?)
                """
            )
            : try database.cachedStatement(
                """
                INSERT OR IGNORE INTO return_facts (jid, minion, source_id, retcode, success, return)
                VALUES (?, ?, ?, ?, ?, ?)
                """
            )
        try insert.bind(jid, at: 1)
        try insert.bind(minion, at: 2)
        try insert.bind(source, at: 3)
        try insert.bind(facts.retcode, at: 4)
        try insert.bind(facts.success, at: 5)
        try insert.bind(facts.value, at: 6)
        try insert.run()
    }

    /// Takes this record's retcode and success (and its value where none is stored), then judges
    /// the return again.
    private func replaceFacts(with record: ReturnRecord, function: String?) throws {
        let update = try database.cachedStatement(
            """
            UPDATE returns SET retcode = ?, success = ?, return = coalesce(return, ?)
            WHERE jid = ? AND minion = ?
            """
        )
        try update.bind(record.retcode, at: 1)
        try update.bind(record.success, at: 2)
        try update.bind(record.jid, at: 4)
        try update.bind(record.minion, at: 5)
        try run(update, bindingValueOf: record, at: 3)
        try OutcomeUpdater.update(jid: record.jid, in: database)
    }

    private func addProvenance(jid: String, minion: String) throws {
        let insert = try database.cachedStatement(
            """
            INSERT OR IGNORE INTO return_sources (jid, minion, source_id)
            SELECT jid, minion, ?1 FROM returns WHERE jid = ?2 AND minion = ?3 AND source_id != ?1
            """
        )
        try insert.bind(sourceID, at: 1)
        try insert.bind(jid, at: 2)
        try insert.bind(minion, at: 3)
        try insert.run()
    }
}
