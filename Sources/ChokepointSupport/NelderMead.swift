/// Minimises a function of a few variables without derivatives: the simplex method of
/// J. A. Nelder and R. Mead, "A simplex method for function minimization", The Computer
/// Journal 7(4), 308–313, 1965, with the standard coefficients (reflection 1, expansion 2,
/// contraction ½, shrink ½) and every point clamped into a box, so a bounded parameter never
/// leaves its range. Deterministic: the same start and steps give the same evaluations.
///
/// No convergence guarantee in general (McKinnon 1998), which is why callers start it from
/// the best point of a grid; it stops when the simplex's values differ by less than
/// `tolerance` or after `maxEvaluations`.
///
/// - Complexity: O(n) evaluations per step (n + 1 to shrink).
public enum NelderMead {
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    public static func minimise(
        _ f: ([Double]) -> Double, from start: [Double], step: [Double], lower: [Double], upper: [Double],
        tolerance: Double = 1e-9, maxEvaluations: Int = 400
    ) -> Result {
        let n = start.count
        func clamp(_ x: [Double]) -> [Double] { (0..<n).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var evaluations = 0
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let y = f(x)
            return y.isNaN ? .infinity : y
        }
        var simplex = [clamp(start)]
        for i in 0..<n {
            var x = start
            // Step inward when the start sits on the upper bound, so the simplex has volume.
            x[i] += start[i] + step[i] > upper[i] ? -step[i] : step[i]
            simplex.append(clamp(x))
        }
        var values = simplex.map(value)
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            guard let worst = values.last, let best = values.first, worst - best > tolerance * (1 + abs(best)) else { break }
            let centroid = (0..<n).map { i in simplex.dropLast().reduce(0) { $0 + $1[i] } / Double(n) }
            func toward(_ t: Double) -> [Double] { clamp((0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) }) }
            let reflected = toward(-1)
            let fr = value(reflected)
            if fr < values[0] {
                let expanded = toward(-2)
                let fe = value(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let contracted = fr < values[n] ? toward(-0.5) : toward(0.5)
                let fc = value(contracted)
                if fc < min(fr, values[n]) {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for i in 1...n {
                        simplex[i] = clamp((0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) })
                        values[i] = value(simplex[i])
                    }
                }
            }
        }
        let i = values.indices.min { (values[$0], $0) < (values[$1], $1) } ?? 0
        return Result(point: simplex[i], value: values[i], evaluations: evaluations)
    }
}
