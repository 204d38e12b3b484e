/// Maximum flow and a minimum cut between sets of sources and targets, with edge and node
/// capacities: the entry point (`Graph.maxFlow`), which builds the split `FlowNetwork`,
/// runs the chosen algorithm (highest-label push–relabel by default, `PushRelabelMaxFlow`;
/// Dinic as the alternative, `DinicMaxFlow`) and reads the cut.
///
/// Node capacities are arcs between a split node's "in" and "out" halves (Ford & Fulkerson
/// 1962, §I.11); several sources and targets hang off a super source and a super sink. The
/// minimum cut is the set of saturated arcs leaving the nodes still reachable from the super
/// source (max-flow min-cut theorem), reported as edges and nodes of the original graph.
///
/// Capacities that are infinite (or NaN: "not controllable") cannot be cut. If some
/// source reaches some target along uncuttable elements only, there is no finite cut and
/// the result says so instead of looping.
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
    public func maxFlow(
        sources: [Int32], targets: [Int32], edgeCapacity: [Double]?, nodeCapacity: [Double]? = nil,
        closures: Closures? = nil, algorithm: MaxFlowAlgorithm = .pushRelabel
    ) throws(GraphError) -> FlowResult {
        guard !sources.isEmpty, !targets.isEmpty else { throw .invalidArgument("max-flow needs at least one source and one target") }
        let targetSet = Set(targets)
        for s in sources where targetSet.contains(s) {
            throw .invalidArgument("node \"\(nodeIDs[Int(s)])\" is both a source and a target")
        }
        if let edgeCapacity {
            guard edgeCapacity.count == edgeCount else { throw .columnLength("capacity", expected: edgeCount, got: edgeCapacity.count) }
            for (e, c) in edgeCapacity.enumerated() where c < 0 {
                throw .invalidWeight(
                    column: "capacity", edge: edgeIDs[e], value: c, location: source?.location(ofEdge: e, column: "capacity"))
            }
        }
        if let nodeCapacity {
            guard nodeCapacity.count == nodeCount else {
                throw .columnLength("node capacity", expected: nodeCount, got: nodeCapacity.count)
            }
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
            return FlowResult(
                value: .infinity, cutEdges: [], cutNodes: [], sourceSide: [Bool](repeating: true, count: nodeCount),
                edgeFlow: [Double](repeating: .nan, count: edgeCount))
        }
        let value =
            switch algorithm {
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
