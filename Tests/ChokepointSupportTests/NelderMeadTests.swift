import ChokepointSupport
import Testing

@Suite struct NelderMeadTests {
    @Test func findsTheMinimumOfRosenbrocksValley() {
        // f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
        let r = NelderMead.minimise(
            { (1 - $0[0]) * (1 - $0[0]) + 100 * ($0[1] - $0[0] * $0[0]) * ($0[1] - $0[0] * $0[0]) },
            from: [-1.2, 1], step: [0.5, 0.5], lower: [-5, -5], upper: [5, 5], tolerance: 1e-14, maxEvaluations: 2_000)
        #expect(abs(r.point[0] - 1) < 1e-4 && abs(r.point[1] - 1) < 1e-4 && r.value < 1e-8)
    }

    @Test func staysInsideItsBox() {
        // The unconstrained minimum (5) is outside: the answer is the bound, 3.
        let r = NelderMead.minimise({ ($0[0] - 5) * ($0[0] - 5) }, from: [0], step: [1], lower: [-3], upper: [3])
        #expect(abs(r.point[0] - 3) < 1e-6)
        // Deterministic: the same call, the same evaluations.
        let again = NelderMead.minimise({ ($0[0] - 5) * ($0[0] - 5) }, from: [0], step: [1], lower: [-3], upper: [3])
        #expect(again.point == r.point && again.evaluations == r.evaluations)
    }
}
