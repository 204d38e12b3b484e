/// A destination's weight in the demand table.
public struct DemandEntry: Sendable, Hashable {
    public var target: String
    /// The province whose figure this is, when the weight is a provincial statistic.
    public var province: String
    public var weight: Double
    /// What the weight rests on; nil when the column is empty (an analyst's table).
    public var basis: DemandBasis?
    public var line: Int
}
