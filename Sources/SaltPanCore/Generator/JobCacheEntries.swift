/// The folders and files Salt's `local_cache` returner writes for one job, with the bytes it
/// writes into each.
///
/// The job folder is `jobs/<h[:2]>/<h[2:]>`, where `h` is the hexadecimal SHA-256 of the jid
/// (Salt's default `hash_type` since 2016.11). `.p` files are MessagePack as
/// `salt.payload.dump` packs them, with `use_bin_type=True`.
struct JobCacheEntries {
    enum Entry {
        case folder(String)
        case file(String, [UInt8])
    }

    /// Entries in the order GNU tar lists a folder it walks: each folder before its content.
    let entries: [Entry]
    /// The job folder's path below `jobs/`, such as `c7/5871…5f`.
    let folder: String

    init(job: SyntheticJob) {
        var digest = SHA256()
        digest.update(Array(job.jid.utf8))
        let hex = digest.hexDigest
        let bucket = String(hex.prefix(2))
        folder = bucket + "/" + String(hex.dropFirst(2))

        let encoder = MessagePackEncoder()
        let root = "jobs/" + folder
        var entries: [Entry] = [
            .folder(root),
            .file(root + "/jid", Array(job.jid.utf8)),
            .file(root + "/.minions.p", encoder.encode(.array(job.expectedMinions.map(Value.string)))),
            .file(root + "/.load.p", encoder.encode(Self.load(of: job))),
        ]
        for returned in job.returns {
            let minionFolder = root + "/" + returned.minion
            entries.append(.folder(minionFolder))
            let returnMap: Value = .object([
                "return": returned.value,
                "retcode": .int(Int64(returned.retcode)),
                "success": .bool(returned.success),
            ])
            entries.append(.file(minionFolder + "/return.p", encoder.encode(returnMap)))
            if let outputter = returned.outputter {
                entries.append(.file(minionFolder + "/out.p", encoder.encode(.string(outputter))))
            }
        }
        self.entries = entries
    }

    /// The `.load.p` map: the publish load for published jobs; for scheduled jobs the return
    /// load itself, to which the master adds `arg`, `tgt_type` and `tgt`.
    static func load(of job: SyntheticJob) -> Value {
        switch job.origin {
        case .published(let kwargs):
            return .object([
                "cmd": .string("publish"),
                "tgt": job.target,
                "fun": .string(job.function),
                "arg": .array(job.arguments),
                "tgt_type": .string(job.targetType),
                "ret": .string(""),
                "jid": .string(job.jid),
                "kwargs": kwargs,
                "user": .string(job.user),
            ])
        case .scheduled(let schedule):
            let returned = job.returns.first
            return .object([
                "cmd": .string("_return"),
                "id": .string(returned?.minion ?? ""),
                "fun": .string(job.function),
                "fun_args": .array(job.arguments),
                "schedule": .string(schedule.name),
                "jid": .string(job.jid),
                "pid": .int(Int64(schedule.pid)),
                "return": returned?.value ?? .null,
                "retcode": .int(Int64(returned?.retcode ?? 0)),
                "success": .bool(returned?.success ?? true),
                "_stamp": .string(SaltTimeText.stamp(schedule.loadStamp)),
                "ts": .int(SaltTimeText.unixSeconds(schedule.loadStamp)),
                "arg": .array(job.arguments),
                "tgt_type": .string(job.targetType),
                "tgt": job.target,
            ])
        }
    }
}
