/// A SplitMix64 pseudo-random generator (Steele, Lea and Flood, 2014): 64 bits of state, fast,
/// and the same sequence for the same seed on every platform and Swift release.
///
/// The generator draws its own bounded numbers instead of using `Int.random(in:using:)`, whose
/// algorithm the standard library does not promise to keep, so generated inputs stay byte for
/// byte the same for a seed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// Creates the generator of one independent stream, such as one job of a generated input.
    ///
    /// Mixing the seed with the stream numbers lets any job be generated on its own, in any
    /// order, with the same result.
    init(seed: UInt64, stream: UInt64, substream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (substream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Returns a number in `0..<bound` by multiply-and-shift; the bias is below 2^-32 for the
    /// bounds used here.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// Returns true with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// Returns a double in `0..<1` with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// Returns a double in `range` rounded to `places` decimals, as timing fields are written.
    mutating func decimal(in range: ClosedRange<Double>, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let raw = range.lowerBound + unit() * (range.upperBound - range.lowerBound)
        return (raw * scale).rounded() / scale
    }
}
