/// What an analysis runs on: where flows start, where they go and how much each target weighs.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var sources: [String]
    /// Path of the demand table, relative to the bundle.
    public var targetsFile: String?
    /// Targets listed inline (weight 1 each) when no demand table is named.
    public var targets: [String]
}
