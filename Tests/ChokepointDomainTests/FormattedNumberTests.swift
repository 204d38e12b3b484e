@testable import ChokepointDomain
import ChokepointGraph
import Foundation
import Testing

/// `formatted6` prints millionths by integer arithmetic; "%.6f" (C's printf, exact decimal
/// rounding) with trailing zeros and a bare point removed is the reference.
@Suite struct FormattedNumberTests {
    static func reference(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var text = String(format: "%.6f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    @Test func agreesWithPrintfOnRandomAndHalfwayValues() {
        var rng = SplitMix64(seed: 6)
        var values: [Double] = [0.5e-6, 1.5e-6, 2.5e-6, 0.0000125, 102.1234565, -102.1234565, 2.0000001, -0.0000001, 1e-7, 123456789.123456]
        for _ in 0..<100_000 {
            let magnitude = pow(10, Double(Int(rng.next() % 16)) - 7)
            values.append((rng.nextUnit() * 2 - 1) * magnitude)
            // Decimal halves at the seventh place, and one ulp either side.
            let half = (Double(Int64(rng.next() % 400_000_000)) + 0.5) / 1e6
            values += [half, half.nextUp, half.nextDown]
        }
        var mismatches: [String] = []
        for x in values where x.formatted6 != Self.reference(x) {
            mismatches.append("\(x.debugDescription): \(x.formatted6) vs \(Self.reference(x))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func wholeNumbersAtSixDecimalsHaveNoPoint() {
        #expect(2.0000001.formatted6 == "2")
        #expect((-0.0000001).formatted6 == "0")
        #expect(0.5.formatted6 == "0.5")
        #expect(105.123456.formatted6 == "105.123456")
    }
}
