/// Maximum flow and a minimum cut between sets of sources and targets, with edge and node
/// capacities.
///
/// Algorithm: E. A. Dinic, "Algorithm for solution of a problem of maximum flow in networks
/// with power estimation", Soviet Math. Doklady 11, 1277–1280, 1970: BFS level graphs and
/// blocking flows, with the current-arc pointer of Even (1979). Node capacities are arcs
/// between a split node's "in" and "out" halves (Ford & Fulkerson 1962, §I.11); several
/// sources and targets hang off a super source and a super sink. The minimum cut is the set
/// of saturated arcs leaving the nodes still reachable from the super source (max-flow
/// min-cut theorem), reported as edges and nodes of the original graph.
///
/// Capacities that are infinite (or NaN: "not controllable") cannot be cut. If some
/// source reaches some target along uncuttable elements only, there is no finite cut and
/// the result says so instead of looping.
///
/// - Complexity: O(V²·E) on the split graph (V ≤ 2n + 2, E ≤ 2m + n; only nodes with a finite
///   capacity are split); far less in practice.
public struct FlowResult: Sendable {
    /// The maximum flow value; `.infinity` when no finite cut exists.
    public var value: Double
    /// Edges in the minimum cut, by dense id.
    public var cutEdges: [Int32]
    /// Nodes whose capacity is in the minimum cut, by dense id.
    public var cutNodes: [Int32]
    /// True for nodes on the sources' side of the cut.
    public var sourceSide: [Bool]
    /// Net flow on each edge, positive in the edge's from→to direction.
    public var edgeFlow: [Double]
    public var isUnbounded: Bool { value == .infinity }
}

/// Which maximum-flow algorithm `Graph.maxFlow` runs.
public enum MaxFlowAlgorithm: Sendable {
    /// Highest-label push–relabel with gap and global relabelling (PushRelabelMaxFlow.swift).
    case pushRelabel
    /// Dinic's blocking flows (this file).
    case dinic
}

extension Graph {
    /// - Parameters:
    ///   - edgeCapacity: capacity per edge (an undirected edge carries up to it either way);
    ///     nil makes every edge uncuttable.
    ///   - nodeCapacity: capacity per node; NaN or infinity leaves a node uncuttable.
    ///     Sources' and targets' own capacities are ignored.
    ///   - algorithm: push–relabel (the default, faster on road-like networks) or Dinic; both
    ///     give the same value and a minimum cut of the same capacity.
    public func maxFlow(sources: [Int32], targets: [Int32], edgeCapacity: [Double]?, nodeCapacity: [Double]? = nil,
                        closures: Closures? = nil, algorithm: MaxFlowAlgorithm = .pushRelabel) throws(GraphError) -> FlowResult {
        guard !sources.isEmpty, !targets.isEmpty else { throw .invalidArgument("max-flow needs at least one source and one target") }
        let targetSet = Set(targets)
        for s in sources where targetSet.contains(s) {
            throw .invalidArgument("node \"\(nodeIDs[Int(s)])\" is both a source and a target")
        }
        if let edgeCapacity {
            guard edgeCapacity.count == edgeCount else { throw .columnLength("capacity", expected: edgeCount, got: edgeCapacity.count) }
            for (e, c) in edgeCapacity.enumerated() where c < 0 {
                throw .invalidWeight(column: "capacity", edge: edgeIDs[e], value: c)
            }
        }
        if let nodeCapacity {
            guard nodeCapacity.count == nodeCount else { throw .columnLength("node capacity", expected: nodeCount, got: nodeCapacity.count) }
            for (v, c) in nodeCapacity.enumerated() where c < 0 { throw .invalidNodeCost(node: nodeIDs[v], value: c) }
        }
        let open = closures ?? Closures(for: self)
        // Bool arrays, not sets: these are read once per node of a large network.
        var isEndpoint = [Bool](repeating: false, count: nodeCount)
        for v in sources { isEndpoint[Int(v)] = true }
        for v in targets { isEndpoint[Int(v)] = true }
        func uncapped(_ c: Double) -> Double { c.isNaN ? .infinity : c }
        // Split a node into in- and out-halves only when it has a finite capacity of its own
        // (and is not a source or target); other nodes stay whole, keeping the network small.
        var inHalf = [Int](repeating: -1, count: nodeCount)
        var outHalf = [Int](repeating: -1, count: nodeCount)
        var splitCapacity = [Double](repeating: .infinity, count: nodeCount)
        var vertices = 0
        for v in 0..<nodeCount where open.isOpen(node: v) {
            let c = isEndpoint[v] ? .infinity : uncapped(nodeCapacity?[v] ?? .infinity)
            inHalf[v] = vertices
            if c.isFinite {
                outHalf[v] = vertices + 1
                splitCapacity[v] = c
                vertices += 2
            } else {
                outHalf[v] = vertices
                vertices += 1
            }
        }
        let superSource = vertices, superSink = vertices + 1
        var network = FlowNetwork(nodeCount: vertices + 2)
        network.reserve(arcs: 2 * edgeCount + nodeCount + sources.count + targets.count)
        var nodeArc = [Int](repeating: -1, count: nodeCount)
        for v in 0..<nodeCount where inHalf[v] >= 0 && inHalf[v] != outHalf[v] {
            nodeArc[v] = network.addArc(inHalf[v], outHalf[v], capacity: splitCapacity[v])
        }
        var edgeArcs = [(forward: Int, backward: Int)](repeating: (-1, -1), count: edgeCount)
        for e in 0..<edgeCount where open.isOpen(edge: e) {
            let u = Int(edgeSource[e]), v = Int(edgeTarget[e])
            guard u != v, inHalf[u] >= 0, inHalf[v] >= 0 else { continue }
            let c = uncapped(edgeCapacity?[e] ?? .infinity)
            let forward = network.addArc(outHalf[u], inHalf[v], capacity: c)
            let backward = edgeIsDirected[e] ? -1 : network.addArc(outHalf[v], inHalf[u], capacity: c)
            edgeArcs[e] = (forward, backward)
        }
        for s in sources where inHalf[Int(s)] >= 0 { _ = network.addArc(superSource, inHalf[Int(s)], capacity: .infinity) }
        for t in targets where inHalf[Int(t)] >= 0 { _ = network.addArc(outHalf[Int(t)], superSink, capacity: .infinity) }
        network.freeze()

        if network.reachesThroughInfinite(from: superSource, to: superSink) {
            return FlowResult(value: .infinity, cutEdges: [], cutNodes: [], sourceSide: [Bool](repeating: true, count: nodeCount),
                              edgeFlow: [Double](repeating: .nan, count: edgeCount))
        }
        let value = switch algorithm {
        case .pushRelabel: network.pushRelabelMaxFlow(from: superSource, to: superSink)
        case .dinic: network.maxFlow(from: superSource, to: superSink)
        }
        let reachable = network.residualReachable(from: superSource)

        var cutEdges: [Int32] = []
        var flow = [Double](repeating: 0, count: edgeCount)
        for e in 0..<edgeCount {
            let (forward, backward) = edgeArcs[e]
            guard forward >= 0 else { continue }
            flow[e] = network.flow(on: forward) - (backward >= 0 ? network.flow(on: backward) : 0)
            let u = Int(edgeSource[e]), v = Int(edgeTarget[e])
            let crossesForward = reachable[outHalf[u]] && !reachable[inHalf[v]]
            let crossesBackward = backward >= 0 && reachable[outHalf[v]] && !reachable[inHalf[u]]
            if crossesForward || crossesBackward { cutEdges.append(Int32(e)) }
        }
        var cutNodes: [Int32] = []
        for v in 0..<nodeCount where nodeArc[v] >= 0 && reachable[inHalf[v]] && !reachable[outHalf[v]] {
            cutNodes.append(Int32(v))
        }
        let side = (0..<nodeCount).map { inHalf[$0] >= 0 && reachable[inHalf[$0]] }
        return FlowResult(value: value, cutEdges: cutEdges, cutNodes: cutNodes, sourceSide: side, edgeFlow: flow)
    }
}

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

    mutating func maxFlow(from s: Int, to t: Int) -> Double {
        let eps = epsilon
        let n = nodeCount
        // The phase loop runs over unchecked buffers: it visits every arc once per phase, and
        // checked array writes (bounds and uniqueness) were most of its cost (BENCHMARKS.md).
        return offsets.withUnsafeBufferPointer { offsets in
            head.withUnsafeBufferPointer { head in
                reverse.withUnsafeBufferPointer { reverse in
                    residual.withUnsafeMutableBufferPointer { residual in
                        let level = ScratchBuffer<Int32>(count: n, repeating: -1)
                        let current = ScratchBuffer<Int>(count: n, repeating: 0)
                        let queue = ScratchBuffer<Int32>(count: n, repeating: 0)
                        defer { level.free(); current.free(); queue.free() }
                        var pathArcs: [Int] = []
                        var total = 0.0
                        while true {
                            // BFS: level graph, stopped once the target's level is complete.
                            level.pointer.update(repeating: -1, count: n)
                            level[s] = 0
                            queue[0] = Int32(s)
                            var tail = 1, q = 0
                            var targetLevel = Int32.max
                            while q < tail {
                                let u = Int(queue[q]); q += 1
                                let next = level[u] + 1
                                if next > targetLevel { break }
                                for a in offsets[u]..<offsets[u + 1] where residual[a] > eps && level[head[a]] < 0 {
                                    level[head[a]] = next
                                    if head[a] == t { targetLevel = next }
                                    queue[tail] = Int32(head[a]); tail += 1
                                }
                            }
                            guard level[t] >= 0 else { return total }
                            for i in 0..<n { current[i] = offsets[i] }
                            // Blocking flow by iterative DFS with current-arc pointers.
                            var u = s
                            pathArcs.removeAll(keepingCapacity: true)
                            while true {
                                if u == t {
                                    var bottleneck = Double.infinity
                                    for a in pathArcs { bottleneck = min(bottleneck, residual[a]) }
                                    for a in pathArcs {
                                        residual[a] -= bottleneck
                                        residual[reverse[a]] += bottleneck
                                    }
                                    total += bottleneck
                                    // Restart from the tail of the first saturated arc.
                                    var cut = pathArcs.count
                                    for (i, a) in pathArcs.enumerated() where residual[a] <= eps { cut = i; break }
                                    pathArcs.removeSubrange(cut...)
                                    u = pathArcs.last.map { head[$0] } ?? s
                                    continue
                                }
                                var advanced = false
                                while current[u] < offsets[u + 1] {
                                    let a = current[u]
                                    let v = head[a]
                                    if residual[a] > eps && level[v] == level[u] + 1 {
                                        pathArcs.append(a)
                                        u = v
                                        advanced = true
                                        break
                                    }
                                    current[u] += 1
                                }
                                if advanced { continue }
                                // Dead end: retreat.
                                if u == s { break }
                                level[u] = -1
                                pathArcs.removeLast()
                                u = pathArcs.last.map { head[$0] } ?? s
                                current[u] += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
