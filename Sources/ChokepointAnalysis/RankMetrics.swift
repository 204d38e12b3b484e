/// How well a predicted ranking recovers a true one.
public enum RankMetrics {
    /// Share of the true top k found in the predicted top k. Items with no true flow never
    /// count as true top items (k shrinks to the number with flow).
    public static func precisionAtK(predicted: [Int], truth: [Double], k: Int) -> Double {
        let trueTop = truth.indices.filter { truth[$0] > 0 }.sorted { (truth[$1], $0) < (truth[$0], $1) }.prefix(k)
        guard !trueTop.isEmpty else { return 0 }
        let kk = trueTop.count
        let hits = Set(predicted.prefix(kk)).intersection(trueTop).count
        return Double(hits) / Double(kk)
    }

    /// Spearman's rank correlation (Spearman 1904): Pearson's correlation of the ranks, ties
    /// given their average rank. 0 when either side is constant.
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        let ra = averageRanks(a), rb = averageRanks(b)
        let n = Double(a.count)
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        var cov = 0.0, va = 0.0, vb = 0.0
        for i in a.indices {
            cov += (ra[i] - ma) * (rb[i] - mb)
            va += (ra[i] - ma) * (ra[i] - ma)
            vb += (rb[i] - mb) * (rb[i] - mb)
        }
        guard va > 0, vb > 0 else { return 0 }
        return cov / (va * vb).squareRoot()
    }

    /// 1-based ranks, ascending values, ties averaged.
    static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { (x[$0], $0) < (x[$1], $1) }
        var ranks = Array(repeating: 0.0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Share of the total true flow carried by the predicted top k.
    public static func flowShareAtK(predicted: [Int], truth: [Double], k: Int) -> Double {
        let total = truth.reduce(0, +)
        guard total > 0 else { return 0 }
        return predicted.prefix(k).reduce(0) { $0 + truth[$1] } / total
    }
}
