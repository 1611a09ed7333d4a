import Testing

@testable import SaltPanCore

@Suite struct TimestampTests {
    @Test func jidReadsAsUTC() throws {
        // A real jid from the corpus: step 006, `salt '*' cmd.run uptime`.
        let time = try #require(Jid.startTime(of: "20261204195008509633"))
        #expect(time.iso8601() == "2026-12-04T19:50:08.509633Z")
    }

    @Test func jidWithOffsetMovesToUTC() throws {
        // An old master on +08:00 local time made this jid shortly after midnight local time,
        // which is the previous day in UTC.
        let time = try #require(Jid.startTime(of: "20261205003000000000", utcOffset: 8 * 3600))
        #expect(time.iso8601() == "2026-12-04T16:30:00.000000Z")
        #expect(time.iso8601(utcOffset: 8 * 3600) == "2026-12-05T00:30:00.000000+08:00")
    }

    @Test(arguments: ["20261204195008509633", "20261204195008509633_12345"])
    func validJids(jid: String) {
        #expect(Jid.isValid(jid))
    }

    @Test(arguments: ["req", "nocache", "2026120419500850963", "20261204195008509633_", "2026120419500850963x"])
    func invalidJids(jid: String) {
        #expect(!Jid.isValid(jid))
    }

    @Test func impossibleDateIsRejected() {
        #expect(Jid.startTime(of: "20260230120000000000") == nil)
    }

    @Test func endtimeText() throws {
        // The `endtime` file of a real job in the corpus.
        let time = try #require(Timestamp(saltTime: "2026, Dec 04 19:55:55.962811"))
        #expect(time.iso8601() == "2026-12-04T19:55:55.962811Z")
    }

    @Test func stampWithOffset() throws {
        let time = try #require(Timestamp(iso8601: "2026-12-04T19:50:00.928296+00:00"))
        #expect(time.iso8601() == "2026-12-04T19:50:00.928296Z")
        let shifted = try #require(Timestamp(iso8601: "2026-12-05 03:50:00", defaultOffset: 8 * 3600))
        #expect(shifted.iso8601() == "2026-12-04T19:50:00.000000Z")
    }

    /// Offsets of 24 hours or more, or with 60 minutes or more, as a damaged `_stamp` can hold.
    @Test(arguments: [
        "2026-12-04T10:00:00+25:00", "2026-12-04T10:00:00-24:00", "2026-12-04T10:00:00+05:60",
        "2026-12-04T10:00:00+9900",
    ])
    func stampWithImpossibleOffsetIsRejected(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
        #expect(SaltStamp.parse(text) == nil)
    }

    @Test func stampWithLargestOffsets() throws {
        let east = try #require(Timestamp(iso8601: "2026-12-04T10:00:00+23:59"))
        #expect(east.iso8601() == "2026-12-03T10:01:00.000000Z")
        let west = try #require(Timestamp(iso8601: "2026-12-04T10:00:00-23:59"))
        #expect(west.iso8601() == "2026-12-05T09:59:00.000000Z")
    }

    @Test func saltDatetimeExtension() throws {
        let time = try #require(Timestamp(saltDatetime: "20240517T08:30:15.123456"))
        #expect(time.iso8601() == "2024-05-17T08:30:15.123456Z")
    }

    @Test func calendarRoundTripsAcrossCenturies() throws {
        for (year, month, day) in [(1970, 1, 1), (1969, 12, 31), (2000, 2, 29), (2100, 3, 1), (1600, 2, 29)] {
            let time = try #require(Timestamp(year: year, month: month, day: day))
            let fields = time.components()
            #expect(fields.year == year && fields.month == month && fields.day == day)
        }
    }

    @Test(arguments: [("UTC", 0), ("+08:00", 28_800), ("-0530", -19_800), ("+8", 28_800)])
    func offsets(text: String, seconds: Int) {
        #expect(UTCOffset.parse(text) == seconds)
    }

    @Test(arguments: ["8", "+19:00", "+08:60", "CET", ""])
    func invalidOffsets(text: String) {
        #expect(UTCOffset.parse(text) == nil)
    }
}
