/// Writes the results of `saltpan states`: failing states, changes and the slowest states.
public enum StateReportRenderer {
    /// Builds one row per failing state.
    ///
    /// `minions` lists the minions (an array in JSON, separated by `, ` elsewhere) and
    /// `minion_count` counts them.
    public static func failures(_ failures: [StateFailure]) -> ReportTable {
        var report = ReportTable([
            .init("failure", "FAILURE"),
            .init("sls", "SLS"),
            .init("state_id", "STATE ID"),
            .init("function", "FUNCTION"),
            .init("minion_count", "MINIONS", .right),
            .init("runs", "RUNS", .right),
            .init("first_jid", "FIRST JID"),
            .init("last_jid", "LAST JID"),
            .init("minions", "MINION IDS", maximumTableWidth: 40),
            .init("newest_comment", "NEWEST COMMENT", maximumTableWidth: 70),
        ])
        for failure in failures {
            report.append([
                .text(failure.failure.rawValue),
                .optional(failure.sls),
                .optional(failure.stateID),
                .optional(failure.function),
                .count(failure.minions.count),
                .count(failure.runs),
                .text(failure.firstJid),
                .text(failure.lastJid),
                .list(failure.minions),
                .text(failure.newestComment),
            ])
        }
        return report
    }

    /// Builds one row per state that changed something, with the state's `changes` map.
    public static func changes(_ changes: [StateChange]) -> ReportTable {
        var report = ReportTable([
            .init("jid", "JID"),
            .init("start_time", "START TIME (UTC)"),
            .init("minion", "MINION"),
            .init("sls", "SLS"),
            .init("state_id", "STATE ID"),
            .init("function", "FUNCTION"),
            .init("name", "NAME", maximumTableWidth: 40),
            .init("result", "RESULT"),
            .init("changes", "CHANGES", maximumTableWidth: 60),
        ])
        for change in changes {
            report.append([
                .text(change.jid),
                .optional(change.startTime),
                .text(change.minion),
                .optional(change.sls),
                .text(change.stateID),
                .text(change.function),
                .text(change.name),
                .value(.bool(change.result)),
                .value(change.changes),
            ])
        }
        return report
    }

    /// Builds one row per state, longest first, with `duration_ms` in milliseconds as Salt
    /// reports it.
    public static func slowest(_ states: [StateDuration]) -> ReportTable {
        var report = ReportTable([
            .init("jid", "JID"),
            .init("minion", "MINION"),
            .init("sls", "SLS"),
            .init("state_id", "STATE ID"),
            .init("function", "FUNCTION"),
            .init("name", "NAME", maximumTableWidth: 40),
            .init("result", "RESULT"),
            .init("duration_ms", "DURATION (MS)", .right),
        ])
        for state in states {
            report.append([
                .text(state.jid),
                .text(state.minion),
                .optional(state.sls),
                .text(state.stateID),
                .text(state.function),
                .text(state.name),
                state.result.map { .value(.bool($0)) } ?? .null,
                .number(state.durationMilliseconds),
            ])
        }
        return report
    }
}
