import ChokepointDomain
import ChokepointGraph

/// Expected flow through every crossing when each demand follows its cheapest routes (route
/// betweenness, Brandes 2008, in ChokepointGraph), ranked. Ties in flow are broken by id.
public struct CrossingFlows: Sendable {
    /// Flow per crossing, by index in `NetworkBundle.crossings`.
    public let flow: [Double]
    /// Crossing indices, most flow first.
    public let ranking: [Int]

    public init(bundle: NetworkBundle, weighted: WeightedGraph, demands: [Demand]) throws(GraphError) {
        let routed = try weighted.routeBetweenness(demands)
        let offset = bundle.places.count
        flow = bundle.crossings.indices.map { routed.node[offset + $0] }
        ranking = Self.rank(flow, ids: bundle.crossings.map(\.id))
    }

    /// Indices by score, highest first, ties by id.
    public static func rank(_ scores: [Double], ids: [String]) -> [Int] {
        scores.indices.sorted { (scores[$1], ids[$0]) < (scores[$0], ids[$1]) }
    }
}
