extension SeizureSimulator {
    /// The experiment at `runs` consecutive seeds (`parameters.seed`, +1, …) with each
    /// method's scores averaged over them (the route measure too, when computed), and the
    /// first run's outcome, whose seizures and truth `simulate` can write out. Hidden-crossing
    /// counts are summed, not averaged.
    public func mean(runs: Int) throws -> (scores: [Method: Scores], first: Outcome?) {
        var sums: [Method: Scores] = [:]
        var first: Outcome?
        for r in 0..<runs {
            var simulator = self
            simulator.parameters.seed = parameters.seed + UInt64(r)
            let outcome = try simulator.run()
            if r == 0 { first = outcome }
            for (method, s) in outcome.scores {
                let old = sums[method] ?? Scores(precisionAtK: 0, spearman: 0, flowShareAtK: 0)
                var sum = Scores(
                    precisionAtK: old.precisionAtK + s.precisionAtK, spearman: old.spearman + s.spearman,
                    flowShareAtK: old.flowShareAtK + s.flowShareAtK,
                    routeFlowShare: s.routeFlowShare.map { (old.routeFlowShare ?? 0) + $0 })
                sum.hiddenWithFlow = s.hiddenWithFlow.map { (old.hiddenWithFlow ?? 0) + $0 }
                sum.hiddenFound = s.hiddenFound.map { (old.hiddenFound ?? 0) + $0 }
                sums[method] = sum
            }
        }
        let n = Double(runs)
        let means = sums.mapValues { s in
            var mean = Scores(
                precisionAtK: s.precisionAtK / n, spearman: s.spearman / n, flowShareAtK: s.flowShareAtK / n,
                routeFlowShare: s.routeFlowShare.map { $0 / n })
            mean.hiddenWithFlow = s.hiddenWithFlow
            mean.hiddenFound = s.hiddenFound
            return mean
        }
        return (means, first)
    }
}
