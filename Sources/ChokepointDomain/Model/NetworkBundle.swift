import ChokepointGeo

/// Everything a bundle directory holds, read and type-checked.
///
/// It also owns the **node numbering** every layer above shares: nodes are the places in
/// file order, then the crossings in file order, so node `v` is `places[v]` for
/// `v < places.count` and `crossings[v - places.count]` after. `EvidenceElement.node`,
/// `BundleGraph`'s graph ids, the cost model's node costs and every export use it; nothing
/// else derives it.
public struct NetworkBundle: Sendable {
    public var directory: String
    public var places: [Place] = []
    public var crossings: [Crossing] = []
    public var links: [Link] = []
    public var provinces: [Province] = []
    public var countries: [BoundaryFeature] = []
    public var borders: [BoundaryFeature] = []
    public var demand: [DemandEntry] = []
    public var seizures: [SeizureRow] = []
    public var gazetteer: [GazetteerTown] = []
    public var scenario: Scenario?
    /// The file each layer was read from when it is not the canonical name (`places.xlsx`
    /// for `places.csv`), so that problems name the file the analyst has.
    public var fileNames: [String: String] = [:]

    public init(directory: String) {
        self.directory = directory
    }
}

/// A network node by its number: a place or a crossing.
public enum BundleNode: Sendable {
    case place(Place)
    case crossing(index: Int, Crossing)

    public var id: String {
        switch self {
        case let .place(p): p.id
        case let .crossing(_, x): x.id
        }
    }

    public var name: String {
        switch self {
        case let .place(p): p.name
        case let .crossing(_, x): x.name
        }
    }

    public var coordinate: Coordinate {
        switch self {
        case let .place(p): p.coordinate
        case let .crossing(_, x): x.coordinate
        }
    }

    /// The country the node lies in; crossings lie between two, in none ("").
    public var country: String {
        switch self {
        case let .place(p): p.country
        case .crossing: ""
        }
    }

    /// The province the node lies in; crossings lie on a border, in none.
    public var province: String {
        switch self {
        case let .place(p): p.province
        case .crossing: ""
        }
    }
}

extension NetworkBundle {
    /// Number of network nodes: places, then crossings.
    public var nodeCount: Int { places.count + crossings.count }

    /// Ids of every network node, by node number.
    public var nodeIDs: [String] { places.map(\.id) + crossings.map(\.id) }

    /// Positions of every network node, by node number.
    public var nodeCoordinates: [Coordinate] { places.map(\.coordinate) + crossings.map(\.coordinate) }

    /// The node numbers of the crossings, in `crossings` order.
    public var crossingNodes: Range<Int> { places.count..<nodeCount }

    /// The control points: every gateway place (airport, sea port, postal hub) in place
    /// order, then every crossing. Where an agency can check traffic, and where the flow
    /// model's route choice counts controls.
    public var controlPointNodes: [Int] {
        places.indices.filter { places[$0].kind.gateway != nil } + Array(crossingNodes)
    }

    /// The node number of crossing `k` (index in `crossings`).
    public func crossingNode(_ k: Int) -> Int { places.count + k }

    /// The index in `crossings` of node `v`, nil when `v` is a place.
    public func crossingIndex(ofNode v: Int) -> Int? {
        v >= places.count && v < nodeCount ? v - places.count : nil
    }

    /// Node `v` as a place or a crossing.
    public func node(_ v: Int) -> BundleNode {
        if let k = crossingIndex(ofNode: v) { return .crossing(index: k, crossings[k]) }
        return .place(places[v])
    }

    /// Node number by id (the first node with that id; a validated bundle has unique ids).
    public func nodeIndex() -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(nodeCount)
        for (v, id) in nodeIDs.enumerated() where index[id] == nil { index[id] = v }
        return index
    }
}

extension NetworkBundle {
    /// The name of the file a layer was read from (`BundleFile.places` → `places.xlsx`).
    public func fileName(_ canonical: String) -> String { fileNames[canonical] ?? canonical }
}
