/// The members of a job return event's data that `EventInterpreter` reads, each the first
/// member of its key, as `Value`'s subscript finds it.
///
/// A return that is not scheduled needs nothing else of its data. `ReturnEventLine` reads these
/// from the line without building the rest, and `init(data:)` takes them from parsed data.
struct ReturnEventFields {
    /// `id`, the minion id, which takes precedence over the one in the tag.
    var id: Value?
    /// `return`, unless the data has none or the reader kept it only as text.
    var returnValue: Value?
    var retcode: Value?
    var success: Value?
    /// `_stamp` as the reader read it: as a timestamp when its text is one, else as it is.
    var stamp: Stamp?
    /// `fun`, the function the minion ran.
    var function: Value?
    /// `out`, the outputter.
    var outputter: Value?
    /// `schedule`, the name of the schedule entry of a scheduled job.
    var schedule: Value?

    /// The `_stamp` member of an event's data.
    enum Stamp: Equatable {
        /// A string that reads as a timestamp, read without making a `String` of it.
        case parsed(Timestamp)
        /// Any other value, which `EventInterpreter` reads or reports.
        case value(Value)
    }

    init() {}

    /// Takes the members from `data`, the data of a parsed event.
    init(data: Value) {
        id = data["id"]
        returnValue = data["return"]
        retcode = data["retcode"]
        success = data["success"]
        stamp = data["_stamp"].map(Stamp.value)
        function = data["fun"]
        outputter = data["out"]
        schedule = data["schedule"]
    }

    /// Whether the return is of a scheduled job, whose whole data becomes the job's load.
    var isScheduled: Bool {
        schedule?.stringValue != nil
    }
}
