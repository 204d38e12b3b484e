/// What an analysis runs on: where flows start, where they go and how much each target weighs.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var sources: [String]
    /// Path of the demand table, relative to the bundle.
    public var targetsFile: String?
    /// Targets listed inline (weight 1 each) when no demand table is named.
    public var targets: [String]
    /// The countries whose markets the scenario routes to (ISO 3166-1 alpha-2, `markets:`):
    /// only targets in them are kept. Empty: every target.
    public var markets: [String] = []
    /// Parameters of the evidence and cost models and of the seizure-implied flow
    /// (`seizures:`, `evidence:`, `cost:`, `estimate:` in scenario.yaml); each key has a
    /// default and a reason in GeoData/README.md.
    public var conversion = AmountConversion()
    public var merger = SeizureMerger()
    /// The marking of the bundle's seizure rows that carry no `tlp` (`seizures.tlp`; nil: AMBER).
    public var seizureMarking: TLP?
    public var evidence = EvidenceModel.Parameters()
    public var cost = CostModel.Parameters()
    public var estimate = FlowEstimateParameters()
    /// The commodities the analysis keeps (`evidence.commodities`); `--commodity` and the date
    /// window replace or add to it for one run.
    public var seizureFilter = SeizureFilter()

    public init(name: String, sources: [String], targetsFile: String?, targets: [String]) {
        self.name = name
        self.sources = sources
        self.targetsFile = targetsFile
        self.targets = targets
    }
}
