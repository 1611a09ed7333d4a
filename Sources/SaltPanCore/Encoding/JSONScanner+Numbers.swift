extension JSONScanner {
    /// Parses a number whose first byte ('-' or a digit) is at `position`.
    ///
    /// An integer without fraction or exponent becomes `.int` when it fits in `Int64`, and
    /// `.unsigned` when it is non-negative and fits in `UInt64`. Every other number becomes
    /// `.double`, so `2.0` stays a double. Doubles are rounded correctly: short numbers take the
    /// exact fast path (a significand below 2^53 scaled by an exact power of ten), the rest go
    /// through the standard library's `Double(_:)`.
    mutating func parseNumber() throws(Failure) -> Value {
        let start = position
        let isNegative = bytes[position] == UInt8(ascii: "-")
        if isNegative {
            position += 1
        }

        // All digits of integer and fraction part, as long as they fit in a UInt64.
        var significand: UInt64 = 0
        var significandOverflowed = false

        guard position < bytes.count, isDigit(bytes[position]) else {
            throw Failure(message: "expected a digit after '-', found \(describeByte(at: position))", offset: position)
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw Failure(message: "invalid number, leading zeros are not allowed", offset: start)
            }
        } else {
            accumulateDigits(into: &significand, overflowed: &significandOverflowed)
        }

        var fractionDigits = 0
        var hasFractionOrExponent = false
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            hasFractionOrExponent = true
            position += 1
            let fractionStart = position
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw Failure(
                    message: "expected a digit after '.', found \(describeByte(at: position))",
                    offset: position
                )
            }
            accumulateDigits(into: &significand, overflowed: &significandOverflowed)
            fractionDigits = position - fractionStart
        }

        var exponent = 0
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            hasFractionOrExponent = true
            exponent = try parseExponent()
        }

        if !hasFractionOrExponent, !significandOverflowed {
            if let integer = Self.integerValue(significand, isNegative: isNegative) {
                return integer
            }
        }
        return .double(
            try doubleValue(start, significand, significandOverflowed, exponent - fractionDigits, isNegative)
        )
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Reads digits from `position`, adding them to `significand` until it would overflow.
    @inline(__always)
    private mutating func accumulateDigits(into significand: inout UInt64, overflowed: inout Bool) {
        while position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            if digit >= 10 {
                return
            }
            if !overflowed {
                let (product, productOverflow) = significand.multipliedReportingOverflow(by: 10)
                let (sum, sumOverflow) = product.addingReportingOverflow(UInt64(digit))
                if productOverflow || sumOverflow {
                    overflowed = true
                } else {
                    significand = sum
                }
            }
            position += 1
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

    /// Converts the number between `start` and `position` to a correctly rounded double.
    private func doubleValue(
        _ start: Int,
        _ significand: UInt64,
        _ significandOverflowed: Bool,
        _ decimalExponent: Int,
        _ isNegative: Bool
    ) throws(Failure) -> Double {
        // Clinger's fast path: both operands are exact doubles, so one IEEE operation rounds
        // the exact quotient or product correctly.
        if !significandOverflowed, significand <= 1 << 53, (-22...22).contains(decimalExponent) {
            let scale = Self.powersOfTen[abs(decimalExponent)]
            let magnitude = decimalExponent < 0 ? Double(significand) / scale : Double(significand) * scale
            return isNegative ? -magnitude : magnitude
        }

        let text = String(decoding: codeUnits(start..<position), as: UTF8.self)
        guard let number = Double(text) else {
            throw Failure(message: "invalid number \(text)", offset: start)
        }
        return number
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
