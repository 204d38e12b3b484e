/// What snapping gives: each located record's snaps, and each area record's area (the
/// elements inside its provinces or country) once, shared by every record of that area.
///
/// The area records' snaps are implied, not stored: record r of area a lies on each element
/// of `areas[a]` with share 1/|a| at distance 0. `forEachSnap` yields them all, in record
/// order, exactly as if they were stored, so the evidence sums run in the same order.
public struct SnapSet: Sendable {
    /// The located records' snaps, in record order.
    public let located: [SeizureSnap]
    /// The distinct areas' elements.
    public let areas: [[EvidenceElement]]
    /// Per record: its index in `areas`, or −1 for a located record.
    public let recordArea: [Int32]
    /// Record r's located snaps are `located[locatedStart[r]..<locatedStart[r + 1]]`.
    let locatedStart: [Int]

    public init(located: [SeizureSnap], areas: [[EvidenceElement]], recordArea: [Int32]) {
        // Stable, so each record's snaps keep their order; the snapper's output is sorted already.
        let ordered = zip(located, located.dropFirst()).allSatisfy { $0.record <= $1.record }
        self.located = ordered ? located : located.enumerated().sorted { ($0.element.record, $0.offset) < ($1.element.record, $1.offset) }.map(\.element)
        self.areas = areas
        self.recordArea = recordArea
        var start = [Int](repeating: 0, count: recordArea.count + 1)
        for s in located { start[s.record + 1] += 1 }
        for r in 0..<recordArea.count { start[r + 1] += start[r] }
        locatedStart = start
    }

    /// How many snaps there are, implied ones included.
    public var count: Int {
        recordArea.reduce(located.count) { $0 + ($1 >= 0 ? areas[Int($1)].count : 0) }
    }

    /// Every snap in `forEachSnap`'s order, the implied ones stored: for tests and small inputs.
    public var allSnaps: [SeizureSnap] {
        var all: [SeizureSnap] = []
        forEachSnap { all.append($0) }
        return all
    }

    /// Calls `body` with every snap, record by record: a located record's stored snaps, an
    /// area record's implied ones in its area's element order.
    public func forEachSnap(_ body: (SeizureSnap) throws -> Void) rethrows {
        try forEachSnap { snap, _ in try body(snap) }
    }

    /// `forEachSnap`, with each stored snap's index in `located` (−1 for an implied one).
    public func forEachSnap(_ body: (SeizureSnap, _ locatedIndex: Int) throws -> Void) rethrows {
        for r in recordArea.indices {
            let a = recordArea[r]
            if a >= 0 {
                let inside = areas[Int(a)]
                for element in inside { try body(SeizureSnap(record: r, element: element, share: 1 / Double(inside.count)), -1) }
            } else {
                for k in locatedStart[r]..<locatedStart[r + 1] { try body(located[k], k) }
            }
        }
    }

    /// The records at `indices` (repeats allowed: a bootstrap sample), renumbered in that order.
    func resampled(_ indices: [Int]) -> SnapSet {
        var snaps: [SeizureSnap] = []
        var recordArea: [Int32] = []
        recordArea.reserveCapacity(indices.count)
        for r in indices {
            for k in locatedStart[r]..<locatedStart[r + 1] {
                var s = located[k]
                s.record = recordArea.count
                snaps.append(s)
            }
            recordArea.append(self.recordArea[r])
        }
        return SnapSet(located: snaps, areas: areas, recordArea: recordArea)
    }
}
