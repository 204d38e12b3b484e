import ChokepointGraph
import Foundation
import Testing

/// `PathSizeLogit` against shares worked by hand.
@Suite struct PathSizeLogitTests {
    @Test func overlapShrinksAShareByThePathSize() throws {
        // Routes A = {0, 1} and B = {0, 2}, lengths 1, 1, 3: edge 0 is shared (N = 2).
        // PS_A = (1/2 + 1) / 2 = 0.75, PS_B = (1/2 + 3) / 4 = 0.875.
        let logit = try PathSizeLogit(routes: [[0, 1], [0, 2]], groups: [0..<2], edgeLength: [1, 1, 3])
        #expect(abs(logit.logPathSize[0] - log(0.75)) < 1e-15 && abs(logit.logPathSize[1] - log(0.875)) < 1e-15)
        let p = logit.shares(cost: [2, 4], dispersion: 1)
        let a = exp(-2.0) * 0.75, b = exp(-4.0) * 0.875
        #expect(abs(p[0] - a / (a + b)) < 1e-15 && abs(p[1] - b / (a + b)) < 1e-15)
        // β = 0 is the plain multinomial logit.
        let plain = logit.shares(cost: [2, 4], dispersion: 1, pathSizeWeight: 0)
        #expect(abs(plain[0] - 1 / (1 + exp(-2.0))) < 1e-15)
    }

    @Test func copiesOfOneRouteSplitItsShareInsteadOfMultiplyingIt() throws {
        // Two identical routes and one distinct route of equal cost: the copies get 1/4 each.
        let logit = try PathSizeLogit(routes: [[0], [0], [1]], groups: [0..<3], edgeLength: [2, 2])
        let p = logit.shares(cost: [5, 5, 5], dispersion: 3)
        #expect(abs(p[0] - 0.25) < 1e-15 && abs(p[1] - 0.25) < 1e-15 && abs(p[2] - 0.5) < 1e-15)
    }

    @Test func groupsAreSeparateChoices() throws {
        let logit = try PathSizeLogit(routes: [[0], [1], [0], [2]], groups: [0..<2, 2..<4], edgeLength: [1, 1, 1])
        // Edge 0 is in both groups, but counted per group: every path size is 1.
        #expect(logit.logPathSize == [0, 0, 0, 0])
        let p = logit.shares(cost: [1, 1, 0, .infinity], dispersion: 1)
        #expect(p == [0.5, 0.5, 1, 0])
        // As μ → 0 the cheapest takes all; huge costs do not overflow.
        let sharp = logit.shares(cost: [1000, 1001, 5000, 5000.5], dispersion: 1e-3)
        #expect(sharp[0] == 1 && sharp[1] == 0 && sharp[2] == 1 && sharp[3] < 1e-200)
    }

    @Test func groupsThatDoNotCoverTheRoutesAreRefused() {
        #expect(throws: GraphError.self) { try PathSizeLogit(routes: [[0], [1]], groups: [0..<1], edgeLength: [1, 1]) }
        #expect(throws: GraphError.self) { try PathSizeLogit(routes: [[0], [1]], groups: [1..<2, 0..<1], edgeLength: [1, 1]) }
        #expect(throws: GraphError.self) { try PathSizeLogit(routes: [[0], [5]], groups: [0..<2], edgeLength: [1, 1]) }
    }
}
