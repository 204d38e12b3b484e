@testable import ChokepointGraph
import Foundation
import Testing

/// `PoissonRouteFlows` against hand-worked maxima and, on random problems, against the
/// optimality (Karush–Kuhn–Tucker) conditions of the Poisson likelihood, which is concave in
/// the flows: a point that meets them is the maximum, whatever algorithm found it.
@Suite struct PoissonRouteFlowsTests {
    @Test func disjointRoutesGetCountsOverExposure() throws {
        // One element per route, no background: the maximum is x_r = y_r / a_r, reached in one step.
        let fit = try PoissonRouteFlows(routes: [[0], [1], [2]], exposure: [1, 0.5, 0.2], observed: [3, 3, 1],
                                        estimatesBackground: false)
        #expect(abs(fit.routeFlow[0] - 3) < 1e-12)
        #expect(abs(fit.routeFlow[1] - 6) < 1e-12)
        #expect(abs(fit.routeFlow[2] - 5) < 1e-12)
        #expect(fit.background == 0)
    }

    @Test func sharedElementExactFit() throws {
        // Routes {A, S} and {B, S}. Counts y_A = 1 (exposure 0.5), y_B = 6, y_S = 8 are fitted
        // exactly by x = (2, 6): λ_A = 0.5·2, λ_B = 6, λ_S = 2 + 6. An exact fit is the maximum.
        let fit = try PoissonRouteFlows(routes: [[0, 2], [1, 2]], exposure: [0.5, 1, 1], observed: [1, 6, 8],
                                        estimatesBackground: false, maxIterations: 20_000, tolerance: 0)
        #expect(abs(fit.routeFlow[0] - 2) < 1e-6)
        #expect(abs(fit.routeFlow[1] - 6) < 1e-6)
        #expect(abs(fit.elementFlow[2] - 8) < 1e-6)
    }

    @Test func exposureDecidesWhichRouteExplainsTheCounts() throws {
        // Two routes share a link L (exposure 1, 4 counts) and differ at one crossing each: a
        // watched gate G (exposure 1) and a trail crossing T (exposure 0.1), one count each.
        // Each crossing's own count asks for x_G = 1 and x_T = 10, so the shared link's 4
        // counts cannot both be met: the maximum must favour the trail route, because the
        // same count at a tenth of the watching means more traffic.
        let fit = try PoissonRouteFlows(routes: [[0, 1], [0, 2]], exposure: [1, 1, 0.1], observed: [4, 1, 1],
                                        estimatesBackground: false, maxIterations: 20_000, tolerance: 0)
        #expect(fit.routeFlow[1] > 2 * fit.routeFlow[0])
        // Without the exposure difference the two routes are symmetric.
        let flat = try PoissonRouteFlows(routes: [[0, 1], [0, 2]], exposure: [1, 1, 1], observed: [4, 1, 1],
                                         estimatesBackground: false, maxIterations: 20_000, tolerance: 0)
        #expect(abs(flat.routeFlow[0] - flat.routeFlow[1]) < 1e-9)
    }

    @Test func randomProblemsMeetTheOptimalityConditions() throws {
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<30 {
            let elements = 6 + Int(rng.next() % 20)
            let routeCount = 2 + Int(rng.next() % 12)
            var routes: [[Int32]] = []
            for _ in 0..<routeCount {
                let members = (0..<elements).filter { _ in rng.nextUnit() < 0.35 }
                routes.append((members.isEmpty ? [Int(rng.next() % UInt64(elements))] : members).map(Int32.init))
            }
            let exposure = (0..<elements).map { _ in 0.1 + rng.nextUnit() }
            let observed = (0..<elements).map { _ in rng.nextUnit() < 0.3 ? 0 : Double(rng.next() % 9) }
            let fit = try PoissonRouteFlows(routes: routes, exposure: exposure, observed: observed,
                                            maxIterations: 200_000, tolerance: 1e-15)
            let f = fit.elementFlow, beta = fit.background
            func gradient(_ members: [Int32]) -> Double {
                // ∂ log L / ∂ x_r = Σ_{e ∈ r} a_e (y_e / λ_e − 1) = Σ (y_e / (f_e + β) − a_e).
                members.reduce(0) { sum, e in
                    let d = f[Int(e)] + beta
                    return sum + (observed[Int(e)] > 0 ? observed[Int(e)] / d : 0) - exposure[Int(e)]
                }
            }
            for (r, members) in routes.enumerated() {
                let g = gradient(members)
                let scale = members.reduce(0) { $0 + exposure[Int($1)] }
                if fit.routeFlow[r] > 1e-6 {
                    #expect(abs(g) < 1e-3 * scale, "route \(r) carries flow but its gradient is \(g)")
                } else {
                    #expect(g < 1e-3 * scale, "route \(r) is empty but raising it would gain (\(g))")
                }
            }
            if beta > 1e-6 {
                #expect(abs(gradient((0..<elements).map(Int32.init))) < 1e-3 * exposure.reduce(0, +))
            }
            // The total expected count equals the observed total at a maximum with background.
            let expected = (0..<elements).reduce(0.0) { $0 + exposure[$1] * (f[$1] + beta) }
            #expect(abs(expected - observed.reduce(0, +)) < 1e-3 * max(1, observed.reduce(0, +)))
        }
    }

    @Test func likelihoodNeverFalls() throws {
        var rng = SplitMix64(seed: 7)
        let routes: [[Int32]] = (0..<10).map { _ in (0..<15).filter { _ in rng.nextUnit() < 0.4 }.map(Int32.init) }.filter { !$0.isEmpty }
        let exposure = (0..<15).map { _ in 0.2 + rng.nextUnit() }
        let observed = (0..<15).map { _ in Double(rng.next() % 6) }
        var previous = -Double.infinity
        for steps in 1...40 {
            let fit = try PoissonRouteFlows(routes: routes, exposure: exposure, observed: observed, maxIterations: steps, tolerance: -1)
            #expect(fit.iterations == steps)
            #expect(fit.logLikelihood >= previous - 1e-9)
            previous = fit.logLikelihood
        }
    }

    @Test func badInputIsRefused() {
        #expect(throws: GraphError.self) { try PoissonRouteFlows(routes: [[0]], exposure: [1, 1], observed: [1]) }
        #expect(throws: GraphError.self) { try PoissonRouteFlows(routes: [[0, 0]], exposure: [1], observed: [1]) }
        #expect(throws: GraphError.self) { try PoissonRouteFlows(routes: [[3]], exposure: [1], observed: [1]) }
        #expect(throws: GraphError.self) { try PoissonRouteFlows(routes: [[0]], exposure: [-1], observed: [1]) }
        #expect(throws: GraphError.self) { try PoissonRouteFlows(routes: [[0]], exposure: [1], observed: [.nan]) }
    }
}
