/// A residual network in CSR form; arc a and its reverse are paired (a ^ 1 before freezing).
struct FlowNetwork {
    let nodeCount: Int
    private var tails: [Int] = []
    private var headsList: [Int] = []
    private var initial: [Double] = []
    // Frozen CSR (internal: PushRelabelMaxFlow.swift works on it too)
    var offsets: [Int] = []
    var head: [Int] = []
    var residual: [Double] = []
    var reverse: [Int] = []
    /// Residual capacities below this are treated as zero, so rounding in long augmenting
    /// chains cannot leave endless slivers of capacity. Set by `freeze()`.
    var epsilon = 0.0
    /// Position in the CSR of the arc added as number k (forward arcs only).
    private var position: [Int] = []

    init(nodeCount: Int) { self.nodeCount = nodeCount }

    /// Room for `arcs` arcs (and their reverses), so that building does not reallocate.
    mutating func reserve(arcs: Int) {
        tails.reserveCapacity(2 * arcs)
        headsList.reserveCapacity(2 * arcs)
        initial.reserveCapacity(2 * arcs)
    }

    /// Adds an arc and its zero-capacity reverse; returns the arc's handle.
    mutating func addArc(_ u: Int, _ v: Int, capacity: Double) -> Int {
        let k = tails.count
        tails.append(u); headsList.append(v); initial.append(capacity)
        tails.append(v); headsList.append(u); initial.append(0)
        return k
    }

    mutating func freeze() {
        let m = tails.count
        epsilon = 1e-12 * max(1, initial.lazy.filter { $0.isFinite }.max() ?? 1)
        var degree = [Int](repeating: 0, count: nodeCount + 1)
        for t in tails { degree[t + 1] += 1 }
        for i in 0..<nodeCount { degree[i + 1] += degree[i] }
        offsets = degree
        var fill = Array(degree.dropLast())
        position = [Int](repeating: 0, count: m)
        head = [Int](repeating: 0, count: m)
        residual = [Double](repeating: 0, count: m)
        for k in 0..<m {
            let p = fill[tails[k]]
            fill[tails[k]] += 1
            position[k] = p
            head[p] = headsList[k]
            residual[p] = initial[k]
        }
        reverse = [Int](repeating: 0, count: m)
        for k in stride(from: 0, to: m, by: 2) {
            reverse[position[k]] = position[k + 1]
            reverse[position[k + 1]] = position[k]
        }
    }

    /// Flow pushed along the arc with handle k: the residual of its paired reverse arc, which
    /// starts at 0 (reading `initial − residual` would give ∞ − ∞ on uncapped arcs).
    func flow(on k: Int) -> Double { residual[position[k + 1]] }

    /// Nodes reachable from `s` along arcs whose residual capacity satisfies `usable`.
    func reachable(from s: Int, along usable: (Double) -> Bool) -> [Bool] {
        var seen = [Bool](repeating: false, count: nodeCount)
        var stack = [s]
        seen[s] = true
        while let u = stack.popLast() {
            for a in offsets[u]..<offsets[u + 1] where !seen[head[a]] && usable(residual[a]) {
                seen[head[a]] = true
                stack.append(head[a])
            }
        }
        return seen
    }

    /// True when `t` can be reached from `s` through uncuttable (infinite) arcs only.
    func reachesThroughInfinite(from s: Int, to t: Int) -> Bool {
        reachable(from: s) { $0 == .infinity }[t]
    }

    /// The source side of the minimum cut once the flow is maximal.
    func residualReachable(from s: Int) -> [Bool] {
        let eps = epsilon
        return reachable(from: s) { $0 > eps }
    }
}
