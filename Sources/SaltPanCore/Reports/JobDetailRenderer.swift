/// Writes a `JobDetail` as terminal text or as one JSON document.
public enum JobDetailRenderer {
    /// The time zone every time in the output is given in.
    static let timeZoneNote = "UTC"

    // MARK: - JSON

    /// Writes the job as one pretty-printed JSON object, ending in a newline.
    ///
    /// Its field names are part of saltpan's interface (see the README).
    public static func json(_ detail: JobDetail) -> String {
        JSONWriter(dialect: .output, prettyPrinted: true).text(jsonValue(detail)) + "\n"
    }

    /// Builds the object `json(_:)` writes.
    ///
    /// `expected_minions` and `missing_minions` are null when no source held an expected-minion
    /// list; `returns` lists the minions that returned.
    public static func jsonValue(_ detail: JobDetail) -> Value {
        let returns = detail.minions.filter { $0.outcome != .missing }.map(returnValue)
        return .map(jobMembers(detail) + [Value.MapEntry(key: .string("returns"), value: .array(returns))])
    }

    /// Builds the members of the job object that come before `returns`, in output order.
    ///
    /// `saltpan jobs --format json` lists these same members for each job, so the two commands
    /// keep one key list. None of them reads a return value, a source fact or a recorded
    /// `jobs.exit_success` verdict, so a job loaded in `JobDetailQuery.Mode.light` fills them all.
    static func jobMembers(_ detail: JobDetail) -> [Value.MapEntry] {
        let members: KeyValuePairs<String, Value> = [
            "jid": .string(detail.jid),
            "jid_is_synthetic": .bool(detail.isSyntheticJid),
            "function": optional(detail.function),
            "arguments": detail.arguments ?? .null,
            "target": detail.target ?? .null,
            "target_type": optional(detail.targetType),
            "user": optional(detail.user),
            "start_time": optional(detail.startTime),
            "start_time_basis": optional(detail.startTimeBasis?.rawValue),
            "end_time": optional(detail.endTime),
            "time_zone": .string(timeZoneNote),
            "kind": .string(detail.kind.rawValue),
            "schedule": optional(detail.schedule),
            "returner": optional(detail.returner),
            "metadata": detail.metadata ?? .null,
            "nocache": .bool(detail.nocache),
            "expected_minions": detail.expectedMinions.map { .array($0.map(Value.string)) } ?? .null,
            "returned_minions": .array(detail.returnedMinions.map(Value.string)),
            "missing_minions": detail.missingMinions.map { .array($0.map(Value.string)) } ?? .null,
            "sources": .array(detail.sources.map(sourceValue)),
            "colliding_loads": .array(detail.collidingLoads.map(collidingLoadValue)),
        ]
        return members.map { Value.MapEntry(key: .string($0.key), value: $0.value) }
    }

    private static func optional(_ text: String?) -> Value {
        text.map(Value.string) ?? .null
    }

    private static func sourceValue(_ source: SourceSummary) -> Value {
        .object(["path": .string(source.path), "kind": .string(source.kind), "sha256": .string(source.sha256)])
    }

    private static func returnValue(_ result: MinionResult) -> Value {
        .object([
            "minion": .string(result.minion),
            "outcome": .string(result.outcome.rawValue),
            "cause": optional(result.cause),
            "outcome_is_weak": .bool(result.isWeak),
            "retcode": result.retcode.map(Value.int) ?? .null,
            "success": result.success.map(Value.bool) ?? .null,
            "exit_success": .bool(result.exitSuccess),
            "product": optional(result.product),
            "outputter": optional(result.outputter),
            "return": result.value ?? .null,
            "recorded_exit_success": result.recordedExitSuccess.map(Value.bool) ?? .null,
            "conflicting_jid": optional(result.conflictingJid),
            "inconsistency": optional(result.inconsistency),
            "source_facts": .array(result.sourceFacts.map(factValue)),
        ])
    }

    private static func factValue(_ fact: SourceFact) -> Value {
        .object([
            "source": .string(fact.sourcePath),
            "retcode": fact.retcode.map(Value.int) ?? .null,
            "success": fact.success.map(Value.bool) ?? .null,
            "has_return": .bool(fact.hasValue),
        ])
    }

    private static func collidingLoadValue(_ load: CollidingLoad) -> Value {
        .object([
            "source": .string(load.sourcePath),
            "function": optional(load.function),
            "arguments": load.arguments ?? .null,
            "target": load.target ?? .null,
            "user": optional(load.user),
        ])
    }

    // MARK: - Text

    /// Writes the job as labelled lines followed by a table of minions.
    ///
    /// - Parameters:
    ///   - detail: The job to show.
    ///   - full: Print every minion's whole return after the table, instead of only a one-line
    ///     preview in it.
    /// - Returns: Lines of text, each ending in a newline.
    public static func text(_ detail: JobDetail, full: Bool) -> String {
        var text = header(detail)
        text += "\n"
        text += minionTable(detail, previews: !full)
        text += disagreements(detail)
        if full {
            for result in detail.minions where result.outcome != .missing {
                text += "\n--- \(ControlPictures.line(result.minion)) (\(result.outcome.rawValue))\n"
                text += ControlPictures.lines(fullText(result.value))
            }
        }
        return text
    }

    private static func header(_ detail: JobDetail) -> String {
        var lines: [(String, String)] = [
            ("jid", detail.jid + (detail.isSyntheticJid ? " (made up by saltpan: the capture named no jid)" : "")),
            ("function", detail.function ?? "(no load stored)"),
            ("arguments", detail.arguments.map(compactJSON) ?? "-"),
            ("target", targetText(detail)),
            ("user", detail.user ?? "-"),
            ("start time", startTimeText(detail)),
            ("end time", detail.endTime ?? "-"),
            ("kind", detail.kind.rawValue + (detail.schedule.map { " (schedule \($0))" } ?? "")),
        ]
        if let metadata = detail.metadata { lines.append(("metadata", compactJSON(metadata))) }
        if let returner = detail.returner { lines.append(("returner", returner)) }
        if detail.nocache { lines.append(("nocache", "the master was told not to store returns")) }
        for (index, source) in detail.sources.enumerated() {
            lines.append((index == 0 ? "sources" : "", "\(source.path) (\(source.kind))"))
        }
        for load in detail.collidingLoads {
            let function = load.function ?? "?"
            let arguments = load.arguments.map(compactJSON) ?? "-"
            lines.append(("collision", "\(load.sourcePath) gives this jid to \(function) \(arguments)"))
        }
        lines.append(("minions", minionCounts(detail)))
        lines.append(("outcomes", outcomeCounts(detail)))
        return lines.map { label, value in pad(label, 12) + ControlPictures.line(value) + "\n" }.joined()
    }

    private static func targetText(_ detail: JobDetail) -> String {
        guard let target = detail.target else { return "-" }
        let text = target.stringValue ?? compactJSON(target)
        return detail.targetType.map { "\(text) (\($0))" } ?? text
    }

    private static func startTimeText(_ detail: JobDetail) -> String {
        guard let start = detail.startTime else { return "-" }
        switch detail.startTimeBasis {
        case .jid?: return start + " (read from the jid)"
        case .stamp?: return start + " (from the publish event)"
        case nil: return start
        }
    }

    private static func minionCounts(_ detail: JobDetail) -> String {
        let returned = detail.returnedMinions.count
        guard let expected = detail.expectedMinions, let missing = detail.missingMinions else {
            return "\(returned) returned; no expected-minion list stored, so missing is unknown"
        }
        var text = "\(expected.count) expected, \(returned) returned, \(missing.count) missing"
        if !missing.isEmpty { text += " (\(missing.joined(separator: ", ")))" }
        return text
    }

    private static func outcomeCounts(_ detail: JobDetail) -> String {
        let counts = Outcome.allCases.compactMap { outcome -> String? in
            let count = detail.minions.filter { $0.outcome == outcome }.count
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }
        return counts.isEmpty ? "-" : counts.joined(separator: ", ")
    }

    private static func minionTable(_ detail: JobDetail, previews: Bool) -> String {
        var columns: [TextTable.Column] = [
            .init("MINION"), .init("OUTCOME"), .init("RETCODE", .right), .init("SUCCESS"), .init("CAUSE"),
        ]
        if previews { columns.append(.init("OUTPUT")) }
        var table = TextTable(columns)
        for result in detail.minions {
            var row = [
                result.minion,
                result.outcome.rawValue + (result.isWeak ? " (weak)" : ""),
                result.retcode.map(String.init) ?? "-",
                result.success.map(String.init) ?? "-",
                result.cause ?? "",
            ]
            if previews { row.append(ReturnPreview.line(result.value, function: detail.function)) }
            table.append(row)
        }
        return table.render()
    }

    /// Writes lines naming the facts of each source for the returns the sources disagree on.
    private static func disagreements(_ detail: JobDetail) -> String {
        var text = ""
        for result in detail.minions where !result.sourceFacts.isEmpty {
            let minion = ControlPictures.line(result.minion)
            let facts = result.sourceFacts.map { fact in
                let retcode = fact.retcode.map { "retcode \($0)" } ?? "no retcode"
                let success = fact.success.map { "success \($0)" } ?? "no success"
                return "\(ControlPictures.line(fact.sourcePath)): \(retcode), \(success)"
            }
            text += "sources disagree on \(minion): \(facts.joined(separator: "; "))\n"
        }
        for result in detail.minions {
            // Minion ids come from the input, and an escape sequence in one acts on the terminal.
            let minion = ControlPictures.line(result.minion)
            if let note = result.inconsistency {
                text += "inconsistent return from \(minion): \(ControlPictures.line(note))\n"
            }
            if let jid = result.conflictingJid {
                text += "\(minion) refused the job: jid \(ControlPictures.line(jid)) was already running\n"
            }
            // Salt's runner judges by the truthiness of the return, so it can differ from the outcome.
            if let recorded = result.recordedExitSuccess, recorded != (result.outcome == .succeeded) {
                text += "salt-run jobs.exit_success said \(recorded) for \(minion), "
                text += "whose outcome is \(result.outcome.rawValue)\n"
            }
        }
        return text.isEmpty ? "" : "\n" + text
    }

    private static func fullText(_ value: Value?) -> String {
        switch value {
        case nil: return "(no return value)\n"
        case .string(let text)?: return text.hasSuffix("\n") ? text : text + "\n"
        case let value?: return JSONWriter(dialect: .output, prettyPrinted: true).text(value) + "\n"
        }
    }

    static func compactJSON(_ value: Value) -> String {
        JSONWriter(dialect: .output).text(value)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
