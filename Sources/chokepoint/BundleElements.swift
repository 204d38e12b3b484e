import ChokepointDomain
import ChokepointGeo

/// Nodes and links as the tables show them: id, kind, name and geometry.
struct BundleElements {
    let bundle: NetworkBundle
    let nodeIndex: [String: Int]
    let coordinates: [Coordinate]

    init(bundle: NetworkBundle) {
        self.bundle = bundle
        nodeIndex = bundle.nodeIndex()
        coordinates = bundle.nodeCoordinates
    }

    /// The node or link with this id.
    func element(_ id: String) -> EvidenceElement? {
        nodeIndex[id].map { EvidenceElement.node($0) } ?? bundle.links.firstIndex { $0.id == id }.map { .link($0) }
    }

    func describe(_ e: EvidenceElement) -> (id: String, kind: String, name: String, geometry: GeoJSONGeometry?) {
        switch e {
        case let .node(v):
            let node = bundle.node(v)
            let kind: String
            switch node {
            case let .place(p): kind = p.kind.rawValue
            case let .crossing(_, x): kind = "crossing:" + x.type.rawValue
            }
            return (node.id, kind, node.name, .point(node.coordinate))
        case let .link(j):
            let l = bundle.links[j]
            let ends = [nodeIndex[l.from], nodeIndex[l.to]].compactMap { $0.map { coordinates[$0] } }
            return (l.id, "link:" + l.mode.rawValue, "\(l.from) – \(l.to)", .lineString(l.geometry ?? ends))
        }
    }
}
