/// Tables the reports build from the analysis results.
enum ReportTables {
    /// Builds one row per product: its jobs and minions with the rates of `saltpan failures --by product`.
    static func products(_ rates: [FailureRate], activity: [ProductActivity]) -> ReportTable {
        var table = ReportTable([
            .init("product", "PRODUCT"),
            .init("jobs", "JOBS", .right),
            .init("minions", "MINIONS", .right),
            .init("targeted", "TARGETED", .right),
            .init("returned", "RETURNED", .right),
            .init("failed", "FAILED", .right),
            .init("missing", "MISSING", .right),
            .init("conflict", "CONFLICT", .right),
            .init("unknown", "UNKNOWN", .right),
            .init("failure_rate", "FAILURE RATE", .right),
            .init("missing_rate", "MISSING RATE", .right),
        ])
        for rate in rates {
            let counts = activity.first { $0.product == rate.key }
            table.append([
                .optional(rate.key),
                .count(counts?.jobs ?? 0),
                .count(counts?.minions ?? 0),
                .count(rate.targeted),
                .count(rate.returned),
                .count(rate.failed),
                .count(rate.missing),
                .count(rate.conflict),
                .count(rate.unknown),
                .optionalFraction(rate.failureRate),
                .optionalFraction(rate.missingRate),
            ])
        }
        return table
    }

    /// Failure rates in the short form the comparison tables use.
    static func minionRates(_ rates: [FailureRate]) -> ReportTable {
        var table = ReportTable([
            .init("minion", "MINION"),
            .init("returned", "RETURNED", .right),
            .init("succeeded", "SUCCEEDED", .right),
            .init("failed", "FAILED", .right),
            .init("failure_rate", "FAILURE RATE", .right),
            .init("last_failed_jid", "LAST FAILED JID"),
        ])
        for rate in rates {
            table.append([
                .optional(rate.key),
                .count(rate.returned),
                .count(rate.succeeded),
                .count(rate.failed),
                .optionalFraction(rate.failureRate),
                .optional(rate.lastFailedJid),
            ])
        }
        return table
    }

    static func missingMinions(_ minions: [MissingMinion]) -> ReportTable {
        var table = ReportTable([
            .init("minion", "MINION"),
            .init("targeted", "TARGETED", .right),
            .init("missing", "MISSING", .right),
            .init("missing_rate", "MISSING RATE", .right),
            .init("newest_missing_jid", "NEWEST MISSING JID"),
            .init("last_return_jid", "LAST RETURN JID"),
            .init("last_return_start_time", "LAST RETURN JOB START"),
        ])
        for minion in minions {
            table.append([
                .text(minion.minion),
                .count(minion.targeted),
                .count(minion.missing),
                .optionalFraction(minion.missingRate),
                .optional(minion.newestMissingJid),
                .optional(minion.lastReturnJid),
                .optional(ReportTime.text(stored: minion.lastReturnStartTime)),
            ])
        }
        return table
    }

    static func unusualRetcodes(_ retcodes: [UnusualRetcode]) -> ReportTable {
        var table = ReportTable([
            .init("retcode", "RETCODE", .right),
            .init("returns", "RETURNS", .right),
            .init("jobs", "JOBS", .right),
            .init("functions", "FUNCTIONS (RETURNS)"),
            .init("minions", "MINIONS"),
            .init("newest_jid", "NEWEST JID"),
        ])
        for retcode in retcodes {
            table.append([
                .integer(retcode.retcode),
                .count(retcode.returns),
                .count(retcode.jobs),
                .list(retcode.functions.map { "\($0.name ?? "(no load)") (\($0.returns))" }),
                .list(retcode.minions),
                .optional(retcode.newestJid),
            ])
        }
        return table
    }

    static func slowestRuns(_ runs: [StateRunDuration]) -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("start_time", "START TIME"),
            .init("minion", "MINION"),
            .init("states", "STATES", .right),
            .init("failed_states", "FAILED STATES", .right),
            .init("duration_ms", "DURATION (MS)", .right),
        ])
        for run in runs {
            table.append([
                .text(run.jid),
                .optional(ReportTime.text(stored: run.startTime)),
                .text(run.minion),
                .count(run.stateCount),
                .count(run.failedCount),
                .number((run.durationMilliseconds * 1000).rounded() / 1000),
            ])
        }
        return table
    }

    static func schedules(_ schedules: [ScheduleSummary]) -> ReportTable {
        var table = ReportTable([
            .init("schedule", "SCHEDULE"),
            .init("functions", "FUNCTIONS"),
            .init("minions", "MINIONS"),
            .init("runs", "RUNS", .right),
            .init("returned", "RETURNS", .right),
            .init("failed", "FAILED", .right),
            .init("failure_rate", "FAILURE RATE", .right),
            .init("last_jid", "LAST JID"),
            .init("last_start_time", "LAST RUN"),
            .init("last_outcome", "LAST OUTCOME"),
        ])
        for schedule in schedules {
            table.append([
                .text(schedule.schedule),
                .list(schedule.functions),
                .list(schedule.minions),
                .count(schedule.runs),
                .count(schedule.outcomes.returned),
                .count(schedule.outcomes.failed),
                .optionalFraction(schedule.outcomes.failureRate),
                .text(schedule.lastJid),
                .optional(ReportTime.text(stored: schedule.lastStartTime)),
                .text(schedule.lastOutcome.rawValue),
            ])
        }
        return table
    }
}
