#if canImport(Glibc)
import Glibc
#endif

/// Parses a decimal number from bytes, with the same result as C's `strtod`.
///
/// Most numbers in network files ("12.5", "102.633100") have at most 19 significant digits
/// and a small exponent. For those, W. D. Clinger's fast path ("How to read floating point
/// numbers accurately", PLDI 1990) is exact: when the decimal mantissa is below 2⁵³ and the
/// power of ten is at most 10²², both are exact doubles and one IEEE multiplication or
/// division rounds correctly. Anything else falls back to `strtod`. Loading 1.5 M edges
/// spends most of its time here, hence the fast path (BENCHMARKS.md).
public enum DecimalParser {
    private static let exactPowers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// The number spelled by `bytes` exactly (no surrounding spaces), or nil if it is not one.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while i < n, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let d = UInt64(bytes[i] - UInt8(ascii: "0"))
            if significant > 0 || d != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ d } else { exponent += 1 }
            digits += 1
            sawDigit = true
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                let d = UInt64(bytes[i] - UInt8(ascii: "0"))
                if significant > 0 || d != 0 { significant += 1 }
                if significant <= 19 {
                    mantissa = mantissa &* 10 &+ d
                    exponent -= 1
                }
                digits += 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < n, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                if e < 100_000 { e = e * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if significant <= 19, mantissa < (UInt64(1) << 53), abs(exponent) <= 22 {
            var value = Double(mantissa)
            value = exponent >= 0 ? value * exactPowers[exponent] : value / exactPowers[-exponent]
            return negative ? -value : value
        }
        return slowPath(bytes)
    }

    private static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var text = Array(bytes)
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> Double? in
            let start = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            guard let end, UnsafeRawPointer(end) == UnsafeRawPointer(start + bytes.count) else { return nil }
            return value
        }
    }
}
