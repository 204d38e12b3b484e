import ChokepointDomain

/// What the files of one run may say about each seizure record, and the handling marking of
/// what is built from them: the one owner of that decision, read by the analysis's seizure
/// lists and by every export.
///
/// Without a sharing policy every record is named and a figure carries the strictest marking
/// of the records behind it. With one (`--share-level`), a record marked above the level is
/// never named; under `withhold` the seizure chain has already left it out, under
/// `aggregate` it still weighs in totals, and what it weighs in is marked at the share level
/// (the analyst's decision that the aggregate may go that far), not at its own.
public struct SeizureDisclosure: Sendable {
    public let policy: SharingPolicy?
    /// Per record: may the files name it (id, position, date, amount, agency, source)?
    private let named: [Bool]
    /// Per record: the marking it lends to what it weighs in.
    private let lent: [TLP]
    /// The marking of everything built from these records: the strictest they lend (CLEAR
    /// when there are none: the network itself comes from public sources).
    public let overall: TLP
    /// Records used but never named (aggregate mode).
    public let unnamedCount: Int
    /// How many records of each marking the run used, as they were marked (before any cap).
    public let recordsByMarking: [TLP: Int]

    public init(records: [SeizureRecord], policy: SharingPolicy?) {
        self.policy = policy
        var named: [Bool] = [], lent: [TLP] = [], counts: [TLP: Int] = [:]
        named.reserveCapacity(records.count)
        lent.reserveCapacity(records.count)
        for r in records {
            let shared = policy?.shares(r.marking) ?? true
            named.append(shared)
            lent.append(policy.map { min(r.marking, $0.level) } ?? r.marking)
            counts[r.marking, default: 0] += 1
        }
        self.named = named
        self.lent = lent
        overall = lent.max() ?? .clear
        unnamedCount = named.reduce(0) { $0 + ($1 ? 0 : 1) }
        recordsByMarking = counts
    }

    /// Whether the record at `index` (in the analysis's records) may be named.
    public func names(_ index: Int) -> Bool { named[index] }

    /// The marking of a figure built from the records at `indices`; nil when there are none.
    public func marking(of indices: some Sequence<Int>) -> TLP? {
        var strictest: TLP?
        for i in indices where strictest.map({ lent[i] > $0 }) ?? true { strictest = lent[i] }
        return strictest
    }

    /// How many of the records at `indices` may not be named, and the marking they lend
    /// (nil when there are none): what a group of records (an area's) adds to any figure it
    /// weighs in, counted once. A collection: it is read twice.
    public func summary(of indices: some Collection<Int>) -> (unnamed: Int, marking: TLP?) {
        var unnamed = 0
        for i in indices where !named[i] { unnamed += 1 }
        return (unnamed, marking(of: indices))
    }

    /// The strictest marking a run's records carry, before any cap: what the analyst holds.
    public var held: TLP { recordsByMarking.keys.max() ?? .clear }
}

/// The seizures behind one figure as the files show them: the heaviest records that may be
/// named (ids, and what each added, same order), the marking of all the records behind it,
/// and how many of those are not named.
public struct SeizureSupport: Sendable, Hashable {
    public var ids: [String] = []
    public var weights: [Double] = []
    /// Nil when no record is behind the figure.
    public var marking: TLP?
    public var unnamed = 0

    public init() {}
}
