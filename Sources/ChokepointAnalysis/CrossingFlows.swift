import ChokepointDomain
import ChokepointGraph

/// Expected flow through every crossing when each demand follows its cheapest routes (route
/// betweenness, Brandes 2008, in ChokepointGraph), ranked. Ties in flow are broken by id.
public struct CrossingFlows: Sendable {
    /// Flow per crossing, by index in `NetworkBundle.crossings`.
    public let flow: [Double]
    /// Crossing indices, most flow first.
    public let ranking: [Int]

    /// - Parameter tieBreak: a second score per crossing for equal flows (the evidence, as
    ///   `analyze` ranks), before the id; nil ranks equal flows by id alone.
    public init(bundle: NetworkBundle, weighted: WeightedGraph, demands: [Demand], tieBreak: [Double]? = nil) throws(GraphError) {
        let routed = try weighted.routeBetweenness(demands)
        flow = bundle.crossingNodes.map { routed.node[$0] }
        ranking = Self.rank(flow, then: tieBreak, ids: bundle.crossings.map(\.id))
    }

    /// Indices by score, highest first, ties by id.
    public static func rank(_ scores: [Double], ids: [String]) -> [Int] {
        rank(scores, then: nil, ids: ids)
    }

    /// Indices by score, highest first, ties by `second` (highest first), then by id.
    public static func rank(_ scores: [Double], then second: [Double]?, ids: [String]) -> [Int] {
        let second = second ?? [Double](repeating: 0, count: scores.count)
        return scores.indices.sorted { (scores[$1], second[$1], ids[$0]) < (scores[$0], second[$0], ids[$1]) }
    }
}
