import Testing

@testable import SaltPanCore

@Suite struct ValueTests {
    @Test func subscriptFindsStringKey() {
        let load = Value.object(["fun": .string("test.ping"), "jid": .string("20261204195001950381")])
        #expect(load["fun"] == .string("test.ping"))
        #expect(load["missing"] == nil)
    }
}
