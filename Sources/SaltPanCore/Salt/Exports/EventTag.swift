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
    /// Any other tag, including job tags whose jid is not a Salt jid.
    case other

    init(_ tag: String) {
        var tag = tag
        self = tag.withUTF8(EventTag.init(utf8:))
    }

    /// Classifies a tag from its UTF-8 bytes.
    ///
    /// Every line of an event log goes through here, so the tag is cut at its first four
    /// slashes by hand: a generic `split` took a tenth of an event log ingest.
    private init(utf8 tag: UnsafeBufferPointer<UInt8>) {
        var parts: [Range<Int>] = []
        parts.reserveCapacity(5)
        var start = 0
        for index in tag.indices where tag[index] == UInt8(ascii: "/") && parts.count < 4 {
            parts.append(start..<index)
            start = index + 1
        }
        parts.append(start..<tag.count)

        func text(_ part: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: tag[parts[part]]), as: UTF8.self)
        }

        guard parts.count >= 4, text(0) == "salt", Jid.isValid(utf8: UnsafeBufferPointer(rebasing: tag[parts[2]]))
        else {
            self = .other
            return
        }

        // The area and event names are short, so these strings are stored inline, not allocated.
        let jid = text(2)
        let area = text(1)
        let event = text(3)
        switch (area, event, parts.count) {
        case ("job", "new", 4): self = .jobNew(jid: jid)
        case ("job", "publish", 4): self = .jobPublish(jid: jid)
        case ("job", "ret", 5) where !parts[4].isEmpty: self = .jobReturn(jid: jid, minion: text(4))
        case ("run", "new", 4): self = .runnerNew(jid: jid)
        case ("run", "ret", 4): self = .runnerReturn(jid: jid)
        case ("batch", "new", 4), ("batch", "progress", 4), ("batch", "complete", 4):
            self = .batch(jid: jid, phase: event)
        default: self = .other
        }
    }

    /// The counting pattern of a job event tag, which needs no look at the event's data.
    var knownPattern: String? {
        switch self {
        case .jobNew: return "salt/job/<jid>/new"
        case .jobPublish: return "salt/job/<jid>/publish"
        case .jobReturn: return "salt/job/<jid>/ret/<minion>"
        case .runnerNew: return "salt/run/<jid>/new"
        case .runnerReturn: return "salt/run/<jid>/ret"
        case .batch(_, let phase): return "salt/batch/<jid>/" + phase
        case .other: return nil
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
