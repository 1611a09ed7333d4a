/// How much of a job's load a record carries, which decides whose fields a job keeps when
/// records of its jid merge.
///
/// The stored row's detail is the highest detail of the records merged into it, because only a
/// record with a load sets `jobs.load`, and only a record of a known kind replaces the kind
/// `unknown`.
enum LoadDetail: Int, Comparable {
    /// No load and the kind `unknown`, as in a job folder without `.load.p`, or a job made up for
    /// a return whose job no record described. Such a job's function comes from the return.
    case none
    /// The load's fields without the load: a `new` event, a job listing of `salt-run jobs.*` or
    /// saltshaker, a runner or batch event, or a `salt` capture.
    case fields
    /// The load itself: `.load.p`, a `publish` event, or the return of a scheduled job.
    case load

    init(of job: JobRecord) {
        self.init(hasLoad: job.load != nil, kind: job.kind)
    }

    /// Classifies a record or a stored row by whether it has a load and by its kind.
    init(hasLoad: Bool, kind: JobKind?) {
        if hasLoad {
            self = .load
        } else if let kind, kind != .unknown {
            self = .fields
        } else {
            self = .none
        }
    }

    static func < (lhs: LoadDetail, rhs: LoadDetail) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
