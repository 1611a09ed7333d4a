import Testing

@testable import SaltPanCore

@Suite struct SaltDatetimeTests {
    @Test func isoTextOfSaltDatetime() {
        // `collected_at` of the inventory.snapshot custom module.
        #expect(SaltDatetime.isoText(fromSaltText: "20240517T08:30:15.123456") == "2024-05-17T08:30:15.123456")
        #expect(SaltDatetime.isoText(fromSaltText: "99991231T23:59:59.999999") == "9999-12-31T23:59:59.999999")
    }

    @Test func shortYearIsPadded() {
        // strftime("%Y") on Linux writes the year 5 as "5".
        #expect(SaltDatetime.isoText(fromSaltText: "50101T00:00:00.000000") == "0005-01-01T00:00:00.000000")
    }

    @Test(arguments: ["", "T08:30:15", "2024T08:30:15", "2024-05-17T08:30:15", "yesterday", "20240517"])
    func otherTextIsNotConverted(text: String) {
        #expect(SaltDatetime.isoText(fromSaltText: text) == nil)
    }
}
