import ChokepointGeo

/// A town from gazetteer.csv (GeoNames): used to place seizures reported at a town that is
/// not a network node.
public struct GazetteerTown: Sendable, Hashable {
    public var geonameID: String
    public var name: String
    public var country: String
    public var province: String
    public var coordinate: Coordinate
    public var aliases: [String]
}
