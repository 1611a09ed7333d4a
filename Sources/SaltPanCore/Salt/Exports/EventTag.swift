/// The job events among Salt's event tags.
///
/// The tags are those the master fires in Salt 3008: `salt/job/<jid>/new`,
/// `salt/job/<jid>/publish`, `salt/job/<jid>/ret/<minion>`, `salt/run/<jid>/new`,
/// `salt/run/<jid>/ret` and `salt/batch/<jid>/new|progress|complete`.
enum EventTag: Equatable {
    case jobNew(jid: String)
    case jobPublish(jid: String)
    case jobReturn(jid: String, minion: String)
    case runnerNew(jid: String)
    case runnerReturn(jid: String)
    /// `new`, `progress` or `complete` of a Salt 3008 batch.
    case batch(jid: String, phase: String)
    /// A tag of the form `salt/job|run|batch/<id>/<event>` whose id is not a Salt jid, which
    /// no record can be stored under.
    case invalidJid(String)
    /// Any other tag.
    case other

    init(_ tag: String) {
        self = tag.withUTF8Bytes { EventTag(utf8: $0) }
    }

    /// Classifies a tag from its UTF-8 bytes.
    ///
    /// Every line of an event log goes through here, so the tag is cut at its first four
    /// slashes by hand and its parts compared as bytes: a generic `split` took a tenth of an
    /// event log ingest, and making strings of the parts another twentieth.
    init(utf8 tag: UnsafeBufferPointer<UInt8>) {
        func slash(from start: Int) -> Int? {
            tag[start...].firstIndex(of: UInt8(ascii: "/"))
        }
        func part(_ range: Range<Int>, is literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount
                && zip(tag[range], UnsafeBufferPointer(start: literal.utf8Start, count: range.count)).allSatisfy(==)
        }
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: tag[range]), as: UTF8.self)
        }

        // salt/<area>/<jid>/<event>[/<rest>]
        guard let first = slash(from: 0), let second = slash(from: first + 1), let third = slash(from: second + 1),
            part(0..<first, is: "salt")
        else {
            self = .other
            return
        }
        let area = first + 1..<second
        guard Jid.isValid(utf8: UnsafeBufferPointer(rebasing: tag[second + 1..<third])) else {
            let isJobArea = part(area, is: "job") || part(area, is: "run") || part(area, is: "batch")
            self = isJobArea ? .invalidJid(text(second + 1..<third)) : .other
            return
        }
        let fourth = slash(from: third + 1)
        let event = third + 1..<(fourth ?? tag.count)
        let jid = text(second + 1..<third)

        if part(area, is: "job") {
            if let fourth {
                let minion = fourth + 1..<tag.count
                self = part(event, is: "ret") && !minion.isEmpty ? .jobReturn(jid: jid, minion: text(minion)) : .other
            } else if part(event, is: "new") {
                self = .jobNew(jid: jid)
            } else {
                self = part(event, is: "publish") ? .jobPublish(jid: jid) : .other
            }
        } else if part(area, is: "run"), fourth == nil, part(event, is: "new") {
            self = .runnerNew(jid: jid)
        } else if part(area, is: "run"), fourth == nil, part(event, is: "ret") {
            self = .runnerReturn(jid: jid)
        } else if part(area, is: "batch"), fourth == nil,
            part(event, is: "new") || part(event, is: "progress") || part(event, is: "complete")
        {
            self = .batch(jid: jid, phase: text(event))
        } else {
            self = .other
        }
    }

    /// The counting pattern of job return tags.
    static let jobReturnPattern = "salt/job/<jid>/ret/<minion>"

    /// The counting pattern of a job event tag, which needs no look at the event's data.
    var knownPattern: String? {
        switch self {
        case .jobNew: return "salt/job/<jid>/new"
        case .jobPublish: return "salt/job/<jid>/publish"
        case .jobReturn: return Self.jobReturnPattern
        case .runnerNew: return "salt/run/<jid>/new"
        case .runnerReturn: return "salt/run/<jid>/ret"
        case .batch(_, let phase): return "salt/batch/<jid>/" + phase
        case .invalidJid, .other: return nil
        }
    }

    /// Returns the tag with its ids replaced, for counting tags by pattern.
    ///
    /// Jids become `<jid>`, a return's minion `<minion>`, and parts after the first that equal
    /// a string at the top of `data` (such as its `id`) become `<id>`. The data's own `tag`
    /// field is not taken as an id.
    static func pattern(of tag: String, data: Value) -> String {
        let parts = tag.split(separator: "/", omittingEmptySubsequences: false)
        let fields = data.mapEntries?.filter { $0.key != .string("tag") } ?? []
        let ids = Set(fields.compactMap(\.value.stringValue))
        let isReturn = parts.count >= 5 && parts[0] == "salt" && parts[1] == "job" && parts[3] == "ret"

        var pattern: [Substring] = []
        for (index, part) in parts.enumerated() {
            if Jid.isValid(part) {
                pattern.append("<jid>")
            } else if isReturn, index == 4 {
                pattern.append("<minion>")
            } else if index > 0, ids.contains(String(part)) {
                pattern.append("<id>")
            } else {
                pattern.append(part)
            }
        }
        return pattern.joined(separator: "/")
    }
}
