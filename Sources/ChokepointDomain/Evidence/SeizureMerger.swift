import ChokepointGeo

/// Merges reports of the same case by two agencies (a border guard station and customs, a
/// Lao and a Thai police report) so a seizure is counted once. Two records are the same case
/// when they name the same commodity, their dates can be at most `maxDays` apart, their
/// places match (same node, provinces or country; or positions within `maxKilometres`), and
/// their amounts in kg differ by at most `maxRelativeDifference` of the larger.
///
/// Cases are the connected components of that relation (union–find, Tarjan 1975), so a
/// chain of three reports merges into one. The record kept is the first by id; the others'
/// ids go into its `mergedFrom`. Pairwise comparison within a commodity: O(n²) in the worst
/// case, O(n·w) when sorted by date with window w, which is what runs here.
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
        let sorted = records.sorted { ($0.date.firstDay, $0.id) < ($1.date.firstDay, $1.id) }
        var parent = Array(sorted.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in sorted.indices {
            var j = i + 1
            // Sorted by first day: once a record starts after i's last day + window, none later can match.
            while j < sorted.count && sorted[j].date.firstDay <= sorted[i].date.lastDay + maxDays {
                if sameCase(sorted[i], sorted[j]) {
                    let a = find(i), b = find(j)
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
                j += 1
            }
        }
        var groups: [Int: [SeizureRecord]] = [:]
        for i in sorted.indices { groups[find(i), default: []].append(sorted[i]) }
        var out: [SeizureRecord] = []
        var merges: [Merge] = []
        for group in groups.values {
            let byID = group.sorted { $0.id < $1.id }
            var kept = byID[0]
            if byID.count > 1 {
                kept.mergedFrom = byID.dropFirst().map(\.id)
                merges.append(Merge(kept: kept.id, merged: kept.mergedFrom))
            }
            out.append(kept)
        }
        return (out.sorted { $0.id < $1.id }, merges.sorted { $0.kept < $1.kept })
    }

    func sameCase(_ a: SeizureRecord, _ b: SeizureRecord) -> Bool {
        guard a.commodity == b.commodity, a.date.gap(to: b.date) <= maxDays else { return false }
        guard let ka = a.kilograms, let kb = b.kilograms, max(ka, kb) > 0,
              abs(ka - kb) / max(ka, kb) <= maxRelativeDifference else { return false }
        if a.location == b.location { return true }
        guard let ca = a.coordinate, let cb = b.coordinate else { return false }
        // A degree of latitude is at least 110.57 km: farther apart than that in latitude
        // (1% margin) cannot be within reach; skips the geodesic for almost every pair.
        if abs(ca.lat - cb.lat) * 110.574 > maxKilometres * 1.01 { return false }
        guard let d = try? Geodesic.wgs84.distance(from: ca, to: cb) else { return false }
        return d <= maxKilometres * 1000
    }
}
