/// Clinger's fast path for decimal numbers: when the digits form an integer below 2⁵³ and the power of ten is at
/// most 22 in magnitude, mantissa × 10ᵉ or mantissa ÷ 10⁻ᵉ is a single correctly rounded operation on exact
/// doubles, so the result equals strtod's. Anything else (more digits, larger exponents, Inf, NaN, hex) returns nil
/// and goes to strtod.
enum DecimalFastPath {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The number starting at `start`, and how many bytes it spans.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (value: Double, length: Int)? {
        var i = start
        let end = bytes.count
        var negative = false
        if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) {  // - +
            negative = bytes[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            if mantissa == 0 && bytes[i] == 0x30 {
                // leading zeros do not count
            } else {
                digits += 1
                guard digits <= 19 else { return nil }
                mantissa = mantissa * 10 + UInt64(bytes[i] - 0x30)
            }
            sawDigit = true
            i += 1
        }
        if i < end && bytes[i] == 0x2E {  // .
            // "..." is a continuation, not a decimal point.
            if i + 1 < end && bytes[i + 1] == 0x2E { return sawDigit ? finish(mantissa, exponent, negative, i - start) : nil }
            i += 1
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                if mantissa == 0 && bytes[i] == 0x30 {
                    exponent -= 1
                } else {
                    digits += 1
                    guard digits <= 19 else { return nil }
                    mantissa = mantissa * 10 + UInt64(bytes[i] - 0x30)
                    exponent -= 1
                }
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end && (bytes[i] == 0x65 || bytes[i] == 0x45) {  // e E
            var j = i + 1
            var exponentNegative = false
            if j < end && (bytes[j] == 0x2D || bytes[j] == 0x2B) {
                exponentNegative = bytes[j] == 0x2D
                j += 1
            }
            var value = 0
            var exponentDigits = 0
            while j < end, bytes[j] >= 0x30, bytes[j] <= 0x39, exponentDigits < 5 {
                value = value * 10 + Int(bytes[j] - 0x30)
                exponentDigits += 1
                j += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -value : value
            i = j
        }
        return finish(mantissa, exponent, negative, i - start)
    }

    @inline(__always)
    private static func finish(_ mantissa: UInt64, _ exponent: Int, _ negative: Bool, _ length: Int) -> (value: Double, length: Int)? {
        guard mantissa < (1 << 53) else { return nil }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard exponent >= -22 && exponent <= 22 else { return nil }
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
        }
        return (negative ? -value : value, length)
    }
}
