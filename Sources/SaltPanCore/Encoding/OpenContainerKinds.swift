/// The kind, object or array, of each open container of a value being skipped or transcoded,
/// innermost last.
///
/// The first 64 levels live in the bits of one integer, so walking a value allocates nothing
/// unless it nests deeper than that.
struct OpenContainerKinds {
    private var innerBits: UInt64 = 0
    private var deeperLevels: [Bool] = []
    private(set) var count = 0

    var isInnermostObject: Bool {
        count > 64 ? deeperLevels[count - 65] : innerBits & (1 << (count - 1)) != 0
    }

    mutating func push(isObject: Bool) {
        if count < 64 {
            let bit: UInt64 = 1 << count
            innerBits = isObject ? innerBits | bit : innerBits & ~bit
        } else {
            deeperLevels.append(isObject)
        }
        count += 1
    }

    mutating func pop() {
        count -= 1
        if count >= 64 { deeperLevels.removeLast() }
    }
}
