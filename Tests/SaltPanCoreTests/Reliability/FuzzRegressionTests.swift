import Foundation
import Testing

@testable import SaltPanCore

/// Inputs the fuzz targets in `scripts/fuzz` found, kept in `Tests/FuzzInputs/<target>/`
/// and checked here against what the decoders must do with them.
@Suite struct FuzzRegressionTests {
    static func input(_ target: String, _ name: String) throws -> [UInt8] {
        let url = Fixtures.root.appendingPathComponent("Tests/FuzzInputs/\(target)/\(name)")
        return Array(try Data(contentsOf: url))
    }

    /// Every double in `value`, in order.
    static func doubles(in value: Value) -> [Double] {
        switch value {
        case .double(let number): return [number]
        case .array(let items): return items.flatMap(doubles(in:))
        case .map(let entries): return entries.flatMap { doubles(in: $0.key) + doubles(in: $0.value) }
        default: return []
        }
    }

    /// A real state-run `return.p` whose float argument the fuzzer turned into a NaN with the
    /// sign bit and every payload bit set.
    ///
    /// The store keeps it a NaN but not its bits, as `LosslessJSON` documents, so the fuzz
    /// target compares NaNs by kind. Everything else must come back exactly.
    @Test func nanPayloadSurvivesAsNaN() throws {
        let decoded = try MessagePackDecoder().decode(try Self.input("msgpack", "nan-payload.p")).value
        let original = Self.doubles(in: decoded)
        let signedNaN = try #require(original.first { $0.isNaN })
        #expect(signedNaN.sign == .minus)
        #expect(signedNaN.bitPattern != Double.nan.bitPattern)

        let text = JSONWriter(dialect: .lossless).encode(decoded)
        #expect(String(decoding: text, as: UTF8.self).contains(#"{"$double":"nan"}"#))
        let restored = try Value(losslessJSONText: text)
        let kept = Self.doubles(in: restored)
        #expect(kept.count == original.count)
        for (before, after) in zip(original, kept) {
            #expect(before.isNaN ? after.isNaN : before.bitPattern == after.bitPattern)
        }
        #expect(MessagePackEncoder().encode(restored).count == MessagePackEncoder().encode(decoded).count)
    }
}
