/// One fact read from exported job JSON: event logs, saltshaker exports, `salt` and `salt-run`
/// captures.
///
/// Readers of those formats emit these in input order, and the ingest merges them with what the
/// store already holds, so a reader never needs the database.
public enum ExportRecord: Sendable {
    /// What the source says about a job's load, expected minions and publish time.
    case job(JobRecord)
    /// One minion's return.
    case returned(ReturnRecord)
    /// Salt's per-minion verdict from `salt-run jobs.exit_success`: whether the return was
    /// truthy. It is not a return and never becomes one.
    case exitSuccess(jid: String, minion: String, value: Bool)
    /// Something wrong or odd in the input, with its line (as `offset`) or entry.
    case problem(IngestProblem)
}
