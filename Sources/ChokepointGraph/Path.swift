/// A path as dense node and edge ids, with its cost under the view that found it.
public struct Path: Sendable, Hashable {
    public var nodes: [Int32]
    public var edges: [Int32]
    public var cost: Double

    public init(nodes: [Int32], edges: [Int32], cost: Double) {
        self.nodes = nodes
        self.edges = edges
        self.cost = cost
    }
}

extension WeightedGraph {
    /// The cost of a path summed left to right (arc weights plus intermediate node costs),
    /// so equal paths always get bit-identical costs whichever search produced them.
    public func cost(nodes: [Int32], edges: [Int32]) -> Double {
        var total = 0.0
        for (i, e) in edges.enumerated() {
            if i > 0 { total += passCost(Int(nodes[i])) }
            total += edgeWeight(e, from: nodes[i], to: nodes[i + 1])
        }
        return total
    }

    /// The weight of edge `e` when traversed from `u` to `v` (found in u's row).
    func edgeWeight(_ e: Int32, from u: Int32, to v: Int32) -> Double {
        for a in offsets[Int(u)]..<offsets[Int(u) + 1] where edges[a] == e && heads[a] == v {
            return weights[a]
        }
        return .infinity
    }
}

/// Lexicographic order on paths for deterministic ranking of equal costs.
func pathOrder(_ a: Path, _ b: Path) -> Bool {
    if a.cost != b.cost { return a.cost < b.cost }
    if a.nodes != b.nodes { return a.nodes.lexicographicallyPrecedes(b.nodes) }
    return a.edges.lexicographicallyPrecedes(b.edges)
}
