/// Formats the master's event log lines for a job, as Salt's `rawfile_json` returner writes
/// them: one `{"data": {...}, "tag": "..."}` object per line.
///
/// A published job has a `salt/job/<jid>/new` event, a `salt/job/<jid>/publish` event (Salt
/// 3007 and later) and one `salt/job/<jid>/ret/<minion>` event per return. A scheduled job has
/// only its return event. Keys are in the order Salt 3008 writes them.
enum EventLineWriter {
    /// Appends the job's lines to `output`; returns the number of lines.
    @discardableResult
    static func appendLines(of job: SyntheticJob, to output: inout [UInt8]) -> Int {
        var lineCount = 0
        if case .published = job.origin {
            appendLine(tag: "salt/job/\(job.jid)/new", data: newData(job), to: &output)
            appendLine(tag: "salt/job/\(job.jid)/publish", data: publishData(job), to: &output)
            lineCount += 2
        }
        for returned in job.returns {
            appendLine(tag: "salt/job/\(job.jid)/ret/\(returned.minion)", data: returnData(job, returned), to: &output)
            lineCount += 1
        }
        return lineCount
    }

    private static func appendLine(tag: String, data: Value, to output: inout [UInt8]) {
        output.append(contentsOf: "{\"data\": ".utf8)
        PythonJSONText.append(data, to: &output)
        output.append(contentsOf: ", \"tag\": ".utf8)
        JSONText.appendString(tag, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    /// Returns the `new` event's data.
    ///
    /// `minions` lists every minion the master matched, and `missing` is empty, as in every
    /// `new` event of `fixtures/salt-3008/events.jsonl`.
    private static func newData(_ job: SyntheticJob) -> Value {
        .object([
            "jid": .string(job.jid),
            "tgt_type": .string(job.targetType),
            "tgt": job.target,
            "user": .string(job.user),
            "fun": .string(job.function),
            "arg": .array(job.arguments),
            "minions": .array(job.expectedMinions.map(Value.string)),
            "missing": .array([]),
            "_stamp": .string(SaltTimeText.stamp(Timestamp(microseconds: job.time.microseconds + 600))),
        ])
    }

    private static func publishData(_ job: SyntheticJob) -> Value {
        .object([
            "fun": .string(job.function),
            "arg": .array(job.arguments),
            "tgt": job.target,
            "jid": .string(job.jid),
            "ret": .string(""),
            "tgt_type": .string(job.targetType),
            "user": .string(job.user),
            "_stamp": .string(SaltTimeText.stamp(Timestamp(microseconds: job.time.microseconds + 7_400))),
        ])
    }

    private static func returnData(_ job: SyntheticJob, _ returned: SyntheticReturn) -> Value {
        let stamp = Value.string(SaltTimeText.stamp(returned.stamp))
        let seconds = Value.int(SaltTimeText.unixSeconds(returned.stamp))
        switch job.origin {
        case .published:
            var entries: [Value.MapEntry] = [
                entry("cmd", .string("_return")),
                entry("id", .string(returned.minion)),
                entry("success", .bool(returned.success)),
                entry("return", returned.value),
                entry("retcode", .int(Int64(returned.retcode))),
                entry("jid", .string(job.jid)),
                entry("fun", .string(job.function)),
                entry("fun_args", .array(job.arguments)),
                entry("user", .string(job.user)),
            ]
            if let outputter = returned.outputter {
                entries.append(entry("out", .string(outputter)))
            }
            entries.append(entry("_stamp", stamp))
            entries.append(entry("ts", seconds))
            return .map(entries)
        case .scheduled(let schedule):
            return .object([
                "cmd": .string("_return"),
                "id": .string(returned.minion),
                "fun": .string(job.function),
                "fun_args": .array(job.arguments),
                "schedule": .string(schedule.name),
                "jid": .string(job.jid),
                "pid": .int(Int64(schedule.pid)),
                "return": returned.value,
                "retcode": .int(Int64(returned.retcode)),
                "success": .bool(returned.success),
                "_stamp": stamp,
                "ts": seconds,
                "arg": .array(job.arguments),
                "tgt_type": .string(job.targetType),
                "tgt": job.target,
            ])
        }
    }

    private static func entry(_ key: String, _ value: Value) -> Value.MapEntry {
        Value.MapEntry(key: .string(key), value: value)
    }
}
