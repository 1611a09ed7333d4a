extension JSONScanner {
    /// The places of a number's parts in the input, as `scanNumber()` finds them.
    struct NumberText {
        /// The offset of the number's first byte, `-` or a digit.
        var start: Int
        /// The offset just past the number.
        var end: Int
        /// The digits before the decimal point.
        var integerDigits: Range<Int>
        /// The digits after the decimal point, or nil without a fraction.
        var fractionDigits: Range<Int>?
        /// The exponent clamped to ±1,000,000, or nil without one.
        var exponent: Int?

        var isNegative: Bool { integerDigits.lowerBound > start }
    }

    /// Parses a number whose first byte ('-' or a digit) is at `position`.
    ///
    /// An integer without fraction or exponent becomes `.int` when it fits in `Int64`, and
    /// `.unsigned` when it is non-negative and fits in `UInt64`. Every other number becomes
    /// `.double`, so `2.0` stays a double. Doubles are rounded correctly: short numbers take the
    /// exact fast path (a significand below 2^53 scaled by an exact power of ten), the rest go
    /// through the standard library's `Double(_:)`.
    mutating func parseNumber() throws(Failure) -> Value {
        try value(of: scanNumber())
    }

    /// Moves past the number whose first byte ('-' or a digit) is at `position`, checking its
    /// syntax without computing its value.
    ///
    /// It throws for exactly the input that `parseNumber()` rejects: any number that follows
    /// JSON's grammar has a value, if need be an infinite or zero double.
    mutating func scanNumber() throws(Failure) -> NumberText {
        let start = position
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
        }

        let integerStart = position
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw Failure(message: "expected a digit after '-', found \(describeByte(at: position))", offset: position)
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw Failure(message: "invalid number, leading zeros are not allowed", offset: start)
            }
        } else {
            skipDigits()
        }
        var number = NumberText(start: start, end: position, integerDigits: integerStart..<position)

        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw Failure(
                    message: "expected a digit after '.', found \(describeByte(at: position))",
                    offset: position
                )
            }
            skipDigits()
            number.fractionDigits = fractionStart..<position
        }

        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            number.exponent = try parseExponent()
        }
        number.end = position
        return number
    }

    /// Returns the value `parseNumber()` returns for `number`.
    func value(of number: NumberText) throws(Failure) -> Value {
        // All digits of integer and fraction part, as long as they fit in a UInt64.
        var significand: UInt64 = 0
        var significandOverflowed = false
        accumulateDigits(number.integerDigits, into: &significand, overflowed: &significandOverflowed)
        if let fraction = number.fractionDigits {
            accumulateDigits(fraction, into: &significand, overflowed: &significandOverflowed)
        }

        if number.fractionDigits == nil, number.exponent == nil, !significandOverflowed {
            if let integer = Self.integerValue(significand, isNegative: number.isNegative) {
                return integer
            }
        }
        let decimalExponent = (number.exponent ?? 0) - (number.fractionDigits?.count ?? 0)
        return .double(try doubleValue(number, significand, significandOverflowed, decimalExponent))
    }

    /// Returns whether `JSONWriter` writes the value of `number` as the same text, so that the
    /// text can be copied without computing the value.
    ///
    /// Two shapes qualify. One is an integer of at most 18 digits without leading zeros, other
    /// than `-0`. The other is a decimal without exponent, with at most 15 significant digits,
    /// at least 0.1 in magnitude, and no trailing zero in its fraction unless the fraction is
    /// the one digit `0`, as in `188.461` or `2.0`. Two decimals of at most 15 significant
    /// digits never parse to the same double, so Swift's shortest round-trip text of the parsed
    /// double has the same digits. Swift writes magnitudes from 10^-4 to 2^53 without an
    /// exponent, and these lie between 0.1 and 10^15.
    func isWritersForm(_ number: NumberText) -> Bool {
        guard number.exponent == nil else { return false }
        let integerCount = number.integerDigits.count
        let isZero = integerCount == 1 && bytes[number.integerDigits.lowerBound] == UInt8(ascii: "0")
        guard let fraction = number.fractionDigits else {
            return integerCount <= 18 && !(isZero && number.isNegative)
        }

        let lastDigit = bytes[fraction.upperBound - 1]
        guard lastDigit != UInt8(ascii: "0") || fraction.count == 1 else { return false }
        if isZero {
            return bytes[fraction.lowerBound] != UInt8(ascii: "0") && fraction.count <= 15
        }
        return integerCount + fraction.count <= 15
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) {
            position += 1
        }
    }

    /// Adds the digits in `range` to `significand` until it would overflow.
    @inline(__always)
    private func accumulateDigits(_ range: Range<Int>, into significand: inout UInt64, overflowed: inout Bool) {
        for index in range where !overflowed {
            let digit = UInt64(bytes[index] &- UInt8(ascii: "0"))
            let (product, productOverflow) = significand.multipliedReportingOverflow(by: 10)
            let (sum, sumOverflow) = product.addingReportingOverflow(digit)
            if productOverflow || sumOverflow {
                overflowed = true
            } else {
                significand = sum
            }
        }
    }

    /// Reads `e`, an optional sign and digits, and returns the exponent clamped to ±1,000,000,
    /// far beyond the range where a double becomes zero or infinity.
    private mutating func parseExponent() throws(Failure) -> Int {
        position += 1
        var isNegative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            isNegative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw Failure(
                message: "expected a digit in the exponent, found \(describeByte(at: position))",
                offset: position
            )
        }

        var exponent = 0
        while position < bytes.count, isDigit(bytes[position]) {
            exponent = min(exponent * 10 + Int(bytes[position] - UInt8(ascii: "0")), 1_000_000)
            position += 1
        }
        return isNegative ? -exponent : exponent
    }

    private static func integerValue(_ magnitude: UInt64, isNegative: Bool) -> Value? {
        if !isNegative {
            if let signed = Int64(exactly: magnitude) {
                return .int(signed)
            }
            return .unsigned(magnitude)
        }
        if magnitude <= UInt64(Int64.max) {
            return .int(-Int64(magnitude))
        }
        if magnitude == UInt64(Int64.max) + 1 {
            return .int(Int64.min)
        }
        return nil
    }

    /// Converts `number` to a correctly rounded double.
    private func doubleValue(
        _ number: NumberText,
        _ significand: UInt64,
        _ significandOverflowed: Bool,
        _ decimalExponent: Int
    ) throws(Failure) -> Double {
        // Clinger's fast path: both operands are exact doubles, so one IEEE operation rounds
        // the exact quotient or product correctly.
        if !significandOverflowed, significand <= 1 << 53, (-22...22).contains(decimalExponent) {
            let scale = Self.powersOfTen[abs(decimalExponent)]
            let magnitude = decimalExponent < 0 ? Double(significand) / scale : Double(significand) * scale
            return number.isNegative ? -magnitude : magnitude
        }

        let text = String(decoding: codeUnits(number.start..<number.end), as: UTF8.self)
        guard let value = Double(text) else {
            throw Failure(message: "invalid number \(text)", offset: number.start)
        }
        return value
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
