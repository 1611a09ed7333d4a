import Testing

@testable import SaltPanCore

@Suite struct TimeBoundTests {
    static let now = Timestamp(year: 2026, month: 12, day: 4, hour: 20, minute: 0, second: 0)

    static func time(_ text: String) throws -> String {
        try TimeBound.parse(text, now: try #require(now)).iso8601()
    }

    @Test func isoDateTimeWithZone() throws {
        #expect(try Self.time("2026-12-04T19:50:08Z") == "2026-12-04T19:50:08.000000Z")
        #expect(try Self.time("2026-12-04T21:50:08.5+02:00") == "2026-12-04T19:50:08.500000Z")
        #expect(try Self.time("2026-12-04T14:50-0500") == "2026-12-04T19:50:00.000000Z")
    }

    @Test func isoDateTimeWithoutZoneIsRejected() {
        let error = #expect(throws: QueryInputError.self) { try Self.time("2026-12-04T19:50:08") }
        #expect(error?.value == "2026-12-04T19:50:08")
        #expect(error?.reason.contains("no zone") == true)
    }

    @Test func spansCountBackFromNow() throws {
        #expect(try Self.time("24h") == "2026-12-03T20:00:00.000000Z")
        #expect(try Self.time("7d") == "2026-11-27T20:00:00.000000Z")
        #expect(try Self.time("2w") == "2026-11-20T20:00:00.000000Z")
        #expect(try Self.time("30m") == "2026-12-04T19:30:00.000000Z")
        #expect(try Self.time("90s") == "2026-12-04T19:58:30.000000Z")
    }

    @Test func jidPrefixesStartTheirPeriod() throws {
        #expect(try Self.time("2026") == "2026-01-01T00:00:00.000000Z")
        #expect(try Self.time("202612") == "2026-12-01T00:00:00.000000Z")
        #expect(try Self.time("20261204") == "2026-12-04T00:00:00.000000Z")
        #expect(try Self.time("2026120419") == "2026-12-04T19:00:00.000000Z")
        #expect(try Self.time("202612041950") == "2026-12-04T19:50:00.000000Z")
        #expect(try Self.time("20261204195008") == "2026-12-04T19:50:08.000000Z")
        #expect(try Self.time("202612041950085") == "2026-12-04T19:50:08.500000Z")
        #expect(try Self.time("20261204195008509633") == "2026-12-04T19:50:08.509633Z")
    }

    @Test func jidPrefixMustEndAtField() {
        for text in ["20261", "2026120", "202612041"] {
            let error = #expect(throws: QueryInputError.self) { try Self.time(text) }
            #expect(error?.reason.contains("must end at a field") == true, "\(text)")
        }
    }

    @Test func impossibleDatesAreRejected() {
        for text in ["20261304", "2026-02-30T00:00:00Z", "2026123124"] {
            #expect(throws: QueryInputError.self, "\(text)") { try Self.time(text) }
        }
    }

    @Test func otherTextNamesTheForms() {
        let error = #expect(throws: QueryInputError.self) { try Self.time("yesterday") }
        #expect(error?.reason.contains("24h") == true)
        #expect(error?.reason.contains("2026120419") == true)
    }

    /// Times outside the years 0001 to 9999 in UTC have no four-digit ISO text: writing one
    /// would trap (a span back past year 1) or wrap to the year 0000 (the year 10000).
    @Test func boundsOutsideYearsAreRejected() throws {
        let earliest = try #require(Timestamp(year: 1, month: 1, day: 1))
        let cases: [(String, Timestamp)] = [
            ("200000w", try #require(Self.now)),
            ("9223372036854s", earliest),
            ("9999-12-31T23:59:59-14:00", try #require(Self.now)),
            ("0001-01-01T00:00:00+01:00", try #require(Self.now)),
        ]
        for (text, now) in cases {
            let error = #expect(throws: QueryInputError.self, "\(text)") { try TimeBound.parse(text, now: now) }
            #expect(error?.value == text)
            #expect(error?.reason.contains("0001 to 9999") == true, "\(text)")
        }
        #expect(try Self.time("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59.000000Z")
        #expect(TimeBound.range.lowerBound == earliest)
        #expect(TimeBound.range.upperBound.iso8601() == "9999-12-31T23:59:59.999999Z")

        let second = Timestamp(microseconds: earliest.microseconds + 1_000_000)
        #expect(try TimeBound.parse("1s", now: second).iso8601() == "0001-01-01T00:00:00.000000Z")
    }

    @Test func instantRejectsSpans() {
        #expect(throws: QueryInputError.self) { try TimeBound.instant("24h") }
    }
}
