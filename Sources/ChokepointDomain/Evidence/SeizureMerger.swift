import ChokepointGeo
import ChokepointSupport

/// Merges reports of the same case by two agencies (a border guard station and customs, a
/// Lao and a Thai police report) so a seizure is counted once. Two records are the same case
/// when they name the same commodity, their dates can be at most `maxDays` apart, their
/// places match (same node, provinces or country; or positions within `maxKilometres`), and
/// their amounts in kg differ by at most `maxRelativeDifference` of the larger.
///
/// Cases are the connected components of that relation (union–find, Tarjan 1975), so a
/// chain of three reports merges into one. The record kept is the first by id; the others'
/// ids go into its `mergedFrom`, and it takes the strictest handling marking of them all.
/// Pairwise comparison within a commodity: O(n²) in the worst
/// case, O(n·w) when sorted by date, w being one commodity's reports within `maxDays` plus a
/// record's date span, which is what runs here.
public struct SeizureMerger: Sendable, Hashable {
    public var maxDays = 3
    public var maxKilometres = 10.0
    public var maxRelativeDifference = 0.2

    public init() {}

    public struct Merge: Sendable, Hashable {
        public var kept: String
        public var merged: [String]
        public init(kept: String, merged: [String]) {
            self.kept = kept
            self.merged = merged
        }
    }

    public func merge(_ records: [SeizureRecord]) -> (records: [SeizureRecord], merges: [Merge]) {
        var records = records
        let merges = merge(&records)
        return (records, merges)
    }

    /// The same, in place: a 750k-row file's records are not copied into a second array.
    public func merge(_ records: inout [SeizureRecord]) -> [Merge] {
        let keys = CaseKeys(records)
        var cases = UnionFind(count: records.count)
        // Same case needs the same commodity: compare within each commodity only, sorted by
        // first day, so the window holds that commodity's reports of a week, not everyone's.
        // The keys are laid out in that order, so the window is read from memory in sequence.
        for group in keys.byCommodityThenDay() {
            let firstDay = group.map { keys.firstDay[$0] }, lastDay = group.map { keys.lastDay[$0] }
            let kilograms = group.map { keys.kilograms[$0] }, location = group.map { keys.location[$0] }
            for a in group.indices {
                var b = a + 1
                // Once a record starts after a's last day + window, none later can match.
                while b < group.count && firstDay[b] <= lastDay[a] + maxDays {
                    if CaseKeys.mayBeSameCase(firstDay: (firstDay[a], firstDay[b]), lastDay: (lastDay[a], lastDay[b]),
                                              kilograms: (kilograms[a], kilograms[b]), maxDays: maxDays,
                                              maxRelativeDifference: maxRelativeDifference)
                        && (location[a] == location[b] || isNear(keys.coordinates[group[a]], keys.coordinates[group[b]]))
                    {
                        cases.union(group[a], group[b])
                    }
                    b += 1
                }
            }
        }
        // Only cases of two or more reports need a group; most records are alone.
        var groups: [Int: [Int]] = [:]
        for i in records.indices {
            // The root is the smallest index of its case (unions keep the smaller root).
            let root = cases.root(of: i)
            if root != i { groups[root, default: [root]].append(i) }
        }
        var removed = [Bool](repeating: false, count: records.count)
        var mergedFrom: [Int: [String]] = [:]
        var strictest: [Int: TLP] = [:]
        var merges: [Merge] = []
        for root in groups.keys.sorted() {
            let byID = (groups[root] ?? []).sorted { Self.precedes(records, $0, $1) }
            let kept = byID[0]
            mergedFrom[kept] = byID.dropFirst().map { records[$0].id }
            // The case is known from every report merged into it: it is as restricted as the most restricted.
            strictest[kept] = byID.map { records[$0].marking }.max()
            for i in byID.dropFirst() { removed[i] = true }
            merges.append(Merge(kept: records[kept].id, merged: mergedFrom[kept] ?? []))
        }
        for (kept, ids) in mergedFrom { records[kept].mergedFrom = ids }
        for (kept, marking) in strictest { records[kept].marking = marking }
        // Sort indices, not records (a record is some 200 bytes), then move each record once.
        var order = records.indices.filter { !removed[$0] }
        let kept = order.count
        order.sort { Self.precedes(records, $0, $1) }
        order += records.indices.filter { removed[$0] }
        Self.permute(&records, to: order)
        records.removeLast(records.count - kept)
        merges.sort { $0.kept < $1.kept }
        return merges
    }

    /// Rearranges `a` so that `a[k]` becomes the old `a[order[k]]`, by swaps along the
    /// permutation's cycles: O(n) swaps and no second array.
    private static func permute(_ a: inout [SeizureRecord], to order: [Int]) {
        var order = order
        // The buffer's swap moves the records; the array's retained and released their strings.
        a.withUnsafeMutableBufferPointer { a in
            for i in order.indices where order[i] != i {
                var k = i
                while true {
                    let source = order[k]
                    order[k] = k
                    if source == i { break }
                    a.swapAt(k, source)
                    k = source
                }
            }
        }
    }

    /// Id order; file and line break ties between reports that share an id.
    private static func precedes(_ records: [SeizureRecord], _ i: Int, _ j: Int) -> Bool {
        (records[i].id, records[i].file, records[i].line) < (records[j].id, records[j].file, records[j].line)
    }

    /// What `isSameCase` compares first, in flat arrays: the merge's inner loop runs about a
    /// hundred times per record on a large file, and copying a record there costs more than
    /// the comparison.
    private struct CaseKeys {
        var commodity: [Commodity]
        var firstDay: [Int]
        var lastDay: [Int]
        /// NaN when the unit is not a mass.
        var kilograms: [Double]
        var ids: [String]
        /// Equal when the records' `location`s are equal.
        var location: [Int]
        var coordinates: [Coordinate?]

        init(_ records: [SeizureRecord]) {
            commodity = records.map(\.commodity)
            firstDay = records.map(\.date.firstDay)
            lastDay = records.map(\.date.lastDay)
            kilograms = records.map { $0.kilograms ?? .nan }
            ids = records.map(\.id)
            var numbers: [SeizureLocation: Int] = [:]
            location = records.map { r in
                if let n = numbers[r.location] { return n }
                numbers[r.location] = numbers.count
                return numbers.count - 1
            }
            coordinates = records.map(\.coordinate)
        }

        func byCommodityThenDay() -> [[Int]] {
            var groups: [Commodity: [Int]] = [:]
            for i in commodity.indices { groups[commodity[i], default: []].append(i) }
            return groups.keys.sorted().map { c in
                groups[c, default: []].sorted { (firstDay[$0], ids[$0]) < (firstDay[$1], ids[$1]) }
            }
        }

        /// False when `isSameCase` is certainly false for two records with these keys; true
        /// leaves the place test to it.
        static func mayBeSameCase(firstDay: (Int, Int), lastDay: (Int, Int), kilograms: (Double, Double), maxDays: Int,
                                  maxRelativeDifference: Double) -> Bool {
            let gap = lastDay.0 < firstDay.1 ? firstDay.1 - lastDay.0 : (lastDay.1 < firstDay.0 ? firstDay.0 - lastDay.1 : 0)
            guard gap <= maxDays else { return false }
            let (ka, kb) = kilograms, larger = max(ka, kb)
            // NaN (not a mass) fails every comparison, as nil does in isSameCase.
            return larger > 0 && abs(ka - kb) / larger <= maxRelativeDifference
        }
    }

    /// The relation the merge closes over: same commodity, dates, amounts and place.
    public func isSameCase(_ a: SeizureRecord, _ b: SeizureRecord) -> Bool {
        guard a.commodity == b.commodity, a.date.gap(to: b.date) <= maxDays else { return false }
        guard let ka = a.kilograms, let kb = b.kilograms, max(ka, kb) > 0,
            abs(ka - kb) / max(ka, kb) <= maxRelativeDifference
        else { return false }
        return a.location == b.location || isNear(a.coordinate, b.coordinate)
    }

    /// Both positions known and within `maxKilometres` (geodesic).
    func isNear(_ a: Coordinate?, _ b: Coordinate?) -> Bool {
        guard let ca = a, let cb = b else { return false }
        // A degree of latitude is at least 110.57 km: farther apart than that in latitude
        // (1% margin) cannot be within reach; skips the geodesic for almost every pair.
        if abs(ca.lat - cb.lat) * 110.574 > maxKilometres * 1.01 { return false }
        guard let d = try? Geodesic.wgs84.distance(from: ca, to: cb) else { return false }
        return d <= maxKilometres * 1000
    }
}
