/// The kinds of exported job JSON that saltpan reads, named as `--input-format` takes them.
public enum ExportFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// saltshaker's job list: `{"data": [...], "status": ..., "message": ...}` holding new-job and
    /// return events of one or more products.
    case saltshakerJobs = "saltshaker-jobs"
    /// saltshaker's job manager: `{"data": [{Jid, Function, ..., Running, Returned}], ...}`.
    case saltshakerJobManager = "saltshaker-job-manager"
    /// saltshaker's job detail: one job's `{minion: return}`; the jid must be given.
    case saltshakerJobDetail = "saltshaker-job-detail"
    /// Salt events, one JSON object per line (the `rawfile_json` returner) or as the salt-api
    /// event stream sends them (`tag:` and `data:` lines).
    case events
    /// `salt-run jobs.list_jobs` (`{jid: {Function, ...}}`) or `jobs.list_jobs_filter` (a list
    /// of entries with `JID`).
    case saltRunListJobs = "salt-run-list-jobs"
    /// `salt-run jobs.list_job`, `jobs.print_job` or `jobs.last_run`: jobs with their results.
    case saltRunListJob = "salt-run-list-job"
    /// `salt-run jobs.lookup_jid`: `{minion: return}`; the jid must be given.
    case saltRunLookupJid = "salt-run-lookup-jid"
    /// `salt-run jobs.exit_success`: `{minion: bool}`; the jid must be given.
    case saltRunExitSuccess = "salt-run-exit-success"
    /// `salt-run jobs.active`: `{jid: {Function, ..., Running, Returned}}`.
    case saltRunActive = "salt-run-active"
    /// What `salt ... --out=json` prints: one object with `--static`, otherwise one document per
    /// minion, mixed with text lines.
    case saltJSON = "salt-json"

    /// True when the content carries no jid, so the caller must give one (`--jid`).
    public var requiresJid: Bool {
        switch self {
        case .saltshakerJobDetail, .saltRunLookupJid, .saltRunExitSuccess:
            return true
        default:
            return false
        }
    }

    /// The command or API that writes the format, for help text and messages.
    public var source: String {
        switch self {
        case .saltshakerJobs: return "saltshaker job list"
        case .saltshakerJobManager: return "saltshaker job manager"
        case .saltshakerJobDetail: return "saltshaker job detail"
        case .events: return "Salt event log (rawfile_json) or salt-api event stream"
        case .saltRunListJobs: return "salt-run jobs.list_jobs or jobs.list_jobs_filter --out=json"
        case .saltRunListJob: return "salt-run jobs.list_job, jobs.print_job or jobs.last_run --out=json"
        case .saltRunLookupJid: return "salt-run jobs.lookup_jid --out=json"
        case .saltRunExitSuccess: return "salt-run jobs.exit_success --out=json"
        case .saltRunActive: return "salt-run jobs.active --out=json"
        case .saltJSON: return "salt ... --out=json"
        }
    }

    public var description: String { rawValue }
}
