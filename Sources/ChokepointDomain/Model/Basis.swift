/// What a link row rests on (links.csv `basis`).
public enum LinkBasis: String, Sendable, Hashable, CaseIterable {
    /// A stretch of a cited road, railway, river or crossing.
    case observed
    /// Derived by the bundle's build: a lane between gateways, an access road, a generated trail.
    case modelled
}

/// What a demand row's weight rests on (demand.csv `basis`).
public enum DemandBasis: String, Sendable, Hashable, CaseIterable {
    /// A cited figure for exactly that market.
    case observed
    /// A cited figure for a larger area, split by a cited proxy (the row's source says which).
    case estimated
    /// No figure: a documented default, its reason in the row's source.
    case `default`
}

/// How a link's length was found (links.csv `length_method`).
public enum LengthMethod: String, Sendable, Hashable, CaseIterable {
    /// A road (rail, river) distance a cited source states for this leg.
    case roadDistance = "road-distance"
    /// The straight line between the ends times a cited detour factor.
    case detourFactor = "detour-factor"
    /// Measured along the row's geometry.
    case geometry
    /// The geodesic between the ends, no factor: shorter than any real route.
    case straightLine = "straight-line"
    /// Given in `length_km` without saying how.
    case stated
}
