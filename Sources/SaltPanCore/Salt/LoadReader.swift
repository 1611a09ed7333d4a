/// Reads a job's load (`.load.p`, or the load inside an event) into a `JobRecord`.
///
/// Loads come in several shapes:
/// - published jobs: `{cmd: "publish", fun, arg, tgt, tgt_type, ret, jid, user, kwargs}`, with
///   `--metadata` under `kwargs.metadata`;
/// - runner jobs: `{id, tgt, jid, fun: "runner.…", user, return: {fun_args, return, success, …}}`,
///   with no `cmd`, `arg` or `tgt_type`, the arguments in `return.fun_args`;
/// - minion-scheduled jobs: the return itself, `{cmd: "_return", id, fun, fun_args, schedule,
///   return, retcode, success, …}` plus the `arg`, `tgt` and `tgt_type` the master adds, and no
///   `user`;
/// - wheel jobs: like runner jobs with `fun: "wheel.…"`.
/// `fun` and `arg` are lists in multi-function jobs.
public enum LoadReader {
    /// Fills the job fields that `load` holds into `job`.
    public static func apply(_ load: Value, to job: inout JobRecord) {
        job.kind = kind(of: load)
        job.load = load
        job.function = functionName(load["fun"])
        job.target = load["tgt"]
        job.targetType = load["tgt_type"]?.stringValue
        job.user = nonEmpty(load["user"]?.stringValue)
        job.schedule = load["schedule"]?.stringValue
        job.returner = nonEmpty(load["ret"]?.stringValue)
        job.metadata = load["kwargs"]?["metadata"] ?? load["metadata"]

        switch job.kind {
        case .runner, .wheel:
            let nested = load["return"]
            job.arguments = load["arg"] ?? nested?["fun_args"] ?? load["fun_args"]
            job.user = job.user ?? nonEmpty(nested?["user"]?.stringValue)
        case .scheduled:
            job.arguments = load["arg"] ?? load["fun_args"]
        case .published, .unknown:
            job.arguments = load["arg"] ?? load["fun_args"]
        }
    }

    /// Decides the shape of a load.
    public static func kind(of load: Value) -> JobKind {
        let command = load["cmd"]?.stringValue
        let family = FunctionFamily(functionName(load["fun"]))
        if command == "publish" { return .published }
        if command == "_return" { return .scheduled }
        if family == .runner { return .runner }
        if family == .wheel { return .wheel }
        return load["fun"] == nil ? .unknown : .published
    }

    /// The function name; a multi-function job's list is joined with commas, as on the CLI.
    static func functionName(_ value: Value?) -> String? {
        switch value {
        case .string(let name):
            return name
        case .array(let names):
            let parts = names.compactMap(\.stringValue)
            return parts.isEmpty ? nil : parts.joined(separator: ",")
        default:
            return nil
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
