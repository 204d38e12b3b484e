import Foundation

/// Turns snapped seizures (already filtered: `SeizurePipeline`) into an evidence score per node and link, and keeps, for every
/// element, which seizures moved it and by how much, so any rank can be explained.
///
/// The contribution of seizure r to element e is
///
///     w(r, e) = share · log(1 + kg_r) · 0.5^((t_ref − t_r) / halfLife) · K(d / h) / control(e)
///
/// - `log(1 + kg)`: a 2 t haul says more than a 2 kg one, but not a thousand times more;
///   the largest hauls come from a few big operations, not from route use.
/// - time decay with a half-life: routes move after crackdowns; `t_ref` is the newest
///   seizure's date unless given, so the same records give the same weights.
/// - K, the Epanechnikov kernel 1 − (d/h)² on d ≤ h (bandwidth h): full weight on the link,
///   none beyond the bandwidth.
/// - `control(e)`, the detection-bias correction: seizures happen where controls are, so
///   evidence is divided by how watched an element is (an international gate 1, an
///   unofficial crossing 0.2, a road 0.5, a trail 0.2). A quiet trail beside a seizure
///   cluster rises; the busy gate that made the seizures does not run away with them.
///
/// `attributed` keeps a second view of the same records for a likelihood: each seizure's
/// `log(1 + kg) · decay` counted once, where it most likely happened.
///
/// Cost: O(S) for S snaps, an area record's implied ones included (visited, not stored:
/// `SnapSet`); memory O(located snaps + elements + records).
public struct EvidenceModel: Sendable {
    public struct Parameters: Sendable, Hashable {
        /// Bandwidth h of the kernel, in km. 10 km: town-level positions (GeoNames town
        /// centres) sit a few km from the road where the seizure was made.
        public var bandwidthKm = 10.0
        /// Half-life of evidence, in days. Two years: long enough to keep a route alive between
        /// the large operations seen in 2015–2025, short enough to let a displaced one fade.
        public var halfLifeDays = 730.0
        /// Reference date (days since 1970-01-01); nil: the newest seizure's last day.
        public var referenceDay: Int?
        /// How watched each kind of element is (the detection-bias divisor), by crossing type.
        public var crossingControl: [CrossingType: Double] = [.international: 1.0, .main: 0.7, .secondary: 0.5, .unofficialKnown: 0.2]
        /// By link mode; places other than crossings use `placeControl`.
        public var linkControl: [TransportMode: Double] = [.road: 0.5, .rail: 0.6, .river: 0.4, .trail: 0.2, .sea: 0.6, .air: 0.9, .post: 0.7]
        /// Gateways where air, sea and postal lanes enter and leave, by kind: customs at an
        /// airport, a container port, a postal hub. The values are the ones the lanes had
        /// before gateways were nodes; no source compares inspection rates across the three
        /// (GeoData/research/2026-12-07-gateways.md), so they are documented assumptions.
        public var gatewayControl: [GatewayKind: Double] = [.airport: 0.9, .seaPort: 0.6, .postalHub: 0.7]
        /// Any other place (a town, a river port): checkpoints, less than a border gate.
        public var placeControl = 0.6
        /// Switches the correction off (all divisors 1), for comparison.
        public var correctsDetectionBias = true

        public init() {}
    }

    /// One seizure's part in one element's score.
    public struct Contribution: Sendable, Hashable {
        public var record: Int
        public var weight: Double
        public var distanceMetres: Double

        public init(record: Int, weight: Double, distanceMetres: Double) {
            self.record = record
            self.weight = weight
            self.distanceMetres = distanceMetres
        }
    }

    public let parameters: Parameters
    /// Score per element (absent: no evidence).
    public let scores: [EvidenceElement: Double]
    /// Each seizure's weight `log(1 + kg) · decay` counted once, before any detection-bias
    /// division: a located seizure on its nearest element (ties: nodes first, then index), an
    /// area record spread by its shares. The kernel smooths scores for the cost; a likelihood
    /// (`SeizureFlowEstimate`) needs every seizure counted where it most likely happened.
    public let attributed: [EvidenceElement: Double]
    public let referenceDay: Int

    /// Who moved which element, kept as 4 bytes a located contribution: the snaps (the
    /// caller's `SnapSet`, shared, not copied), the indices of the located snaps that weigh on
    /// element slot i at `bySlot[slotStart[i]..<slotStart[i + 1]]` in snap order, the areas
    /// holding each slot (`slotAreas[areaStart[i]..<areaStart[i + 1]]`) and each area's
    /// records (`areaRecords[recordsStart[a]..<recordsStart[a + 1]]`), and what a weight is
    /// made of per record and per slot, so `contributions(of:)` recomputes a weight with the
    /// same operations in the same order (same bits). Lists of `Contribution`s, as kept
    /// before, cost 24 bytes each plus their growth and were most of a country-scale run's
    /// memory (BENCHMARKS.md, "The main job on a large network").
    private let snapSet: SnapSet
    private let nodeCount: Int
    private let slotStart: [Int]
    private let bySlot: [Int32]
    private let areaStart: [Int]
    private let slotAreas: [Int32]
    private let recordsStart: [Int]
    private let areaRecords: [Int32]
    private let recordWeight: [(mass: Double, decay: Double)?]
    private let control: [Double]
    /// Each area's records that weigh, heaviest first on every element the area holds:
    /// `areaRecordsByWeight[recordsStart[a]..<areaWeighingEnd[a]]`.
    private let areaRecordsByWeight: [Int32]
    private let areaWeighingEnd: [Int]

    /// The evidence of records snapped one snap per element (area records' spread included).
    public init(bundle: NetworkBundle, records: [SeizureRecord], snaps: [SeizureSnap], parameters: Parameters = Parameters()) {
        let set = SnapSet(located: snaps, areas: [], recordArea: [Int32](repeating: -1, count: records.count))
        self.init(bundle: bundle, records: records, snapSet: set, parameters: parameters, keepingContributions: true)
    }

    /// The evidence of records snapped with each area once (`SeizureSnapper.snapSet`).
    public init(bundle: NetworkBundle, records: [SeizureRecord], snapSet: SnapSet, parameters: Parameters = Parameters()) {
        self.init(bundle: bundle, records: records, snapSet: snapSet, parameters: parameters, keepingContributions: true)
    }

    /// The scores alone (no contributions kept): for a second weighting that is only compared.
    public static func scores(
        bundle: NetworkBundle, records: [SeizureRecord], snapSet: SnapSet, parameters: Parameters
    ) -> [EvidenceElement: Double] {
        EvidenceModel(bundle: bundle, records: records, snapSet: snapSet, parameters: parameters, keepingContributions: false).scores
    }

    private init(
        bundle: NetworkBundle, records: [SeizureRecord], snapSet: SnapSet, parameters: Parameters, keepingContributions: Bool
    ) {
        self.parameters = parameters
        self.snapSet = snapSet
        let reference = parameters.referenceDay ?? records.map(\.date.lastDay).max() ?? 0
        referenceDay = reference
        // Flat arrays by element slot (node v at v, link j at nodeCount + j), turned into
        // dictionaries once at the end: a located seizure snaps to hundreds of elements on a
        // dense network, and hashing an enum key per snap was most of the cost (BENCHMARKS.md,
        // "The main job on a large network"). Sums run in snap order, as before.
        let nodeCount = bundle.nodeCount
        self.nodeCount = nodeCount
        var slots = nodeCount + bundle.links.count
        func widen(_ element: EvidenceElement) {
            switch element {
            case let .node(v): slots = max(slots, v + 1)
            case let .link(j): slots = max(slots, nodeCount + j + 1)
            }
        }
        for snap in snapSet.located { widen(snap.element) }
        for inside in snapSet.areas { for e in inside { widen(e) } }
        func element(_ i: Int) -> EvidenceElement { i < nodeCount ? .node(i) : .link(i - nodeCount) }
        // log(1 + kg) and the decay per record, nil without a mass (kept apart so that the
        // products below multiply in the same order as ever: same bits).
        let recordWeight: [(mass: Double, decay: Double)?] = records.map { r in
            r.kilograms.map { kg in (log1p(kg), pow(0.5, max(0, Double(reference) - r.date.midDay) / parameters.halfLifeDays)) }
        }
        var control = Array(repeating: -1.0, count: slots)
        var score = Array(repeating: 0.0, count: slots)
        var scored = Array(repeating: false, count: slots)
        var attributedSum = Array(repeating: 0.0, count: slots)
        var attributedAny = Array(repeating: false, count: slots)
        var nearest = [(distance: Double, element: EvidenceElement, weight: Double)?](repeating: nil, count: records.count)
        // Which located snaps weigh (a bit each), and how many per slot: the counting sort
        // below needs both, and computing each weight again there cost a tenth of a
        // country-scale run's evidence.
        var weighs = [UInt64](repeating: 0, count: keepingContributions ? (snapSet.located.count + 63) / 64 : 0)
        var count = [Int](repeating: 0, count: slots + 1)
        snapSet.forEachSnap { snap, k in
            guard let (mass, decay) = recordWeight[snap.record] else { return }
            let i = Self.slot(snap.element, nodeCount: nodeCount)
            if control[i] < 0 {
                control[i] = parameters.correctsDetectionBias ? parameters.control(of: snap.element, in: bundle) : 1
            }
            let w = Self.weight(snap, mass: mass, decay: decay, control: control[i], bandwidthKm: parameters.bandwidthKm)
            guard w > 0 else { return }
            if keepingContributions && k >= 0 {
                weighs[k >> 6] |= 1 << UInt64(k & 63)
                count[i + 1] += 1
            }
            if snap.share < 1 {
                attributedSum[i] += snap.share * mass * decay
                attributedAny[i] = true
            } else if nearest[snap.record].map({ (snap.distanceMetres, snap.element) < ($0.distance, $0.element) }) ?? true {
                nearest[snap.record] = (snap.distanceMetres, snap.element, mass * decay)
            }
            score[i] += w
            scored[i] = true
        }
        for best in nearest {
            guard let best else { continue }
            attributedSum[Self.slot(best.element, nodeCount: nodeCount)] += best.weight
            attributedAny[Self.slot(best.element, nodeCount: nodeCount)] = true
        }
        // Counting sort of the located snaps that weigh, by slot (stable: snap order within a slot).
        var bySlot: [Int32] = []
        if keepingContributions {
            for i in 0..<slots { count[i + 1] += count[i] }
            var next = count
            bySlot = [Int32](repeating: 0, count: count[slots])
            for (k, snap) in snapSet.located.enumerated() where weighs[k >> 6] & (1 << UInt64(k & 63)) != 0 {
                let i = Self.slot(snap.element, nodeCount: nodeCount)
                bySlot[next[i]] = Int32(k)
                next[i] += 1
            }
        }
        // The areas holding each slot, and each area's records, both in order.
        var areaCount = [Int](repeating: 0, count: keepingContributions ? slots + 1 : 1)
        var recordCount = [Int](repeating: 0, count: snapSet.areas.count + 1)
        if keepingContributions {
            for inside in snapSet.areas { for e in inside { areaCount[Self.slot(e, nodeCount: nodeCount) + 1] += 1 } }
            for i in 0..<slots { areaCount[i + 1] += areaCount[i] }
            for a in snapSet.recordArea where a >= 0 { recordCount[Int(a) + 1] += 1 }
            for a in 0..<snapSet.areas.count { recordCount[a + 1] += recordCount[a] }
        }
        var slotAreas = [Int32](repeating: 0, count: areaCount.last ?? 0)
        var areaRecords = [Int32](repeating: 0, count: recordCount.last ?? 0)
        var areaRecordsByWeight: [Int32] = []
        var areaWeighingEnd: [Int] = []
        if keepingContributions {
            var nextArea = areaCount
            for (a, inside) in snapSet.areas.enumerated() {
                for e in inside {
                    let i = Self.slot(e, nodeCount: nodeCount)
                    slotAreas[nextArea[i]] = Int32(a)
                    nextArea[i] += 1
                }
            }
            var nextRecord = recordCount
            for (r, a) in snapSet.recordArea.enumerated() where a >= 0 {
                areaRecords[nextRecord[Int(a)]] = Int32(r)
                nextRecord[Int(a)] += 1
            }
            // On an element of the area a record weighs fl(p / control) with p = share · mass ·
            // decay (the kernel is 1 at distance 0), which never decreases as p grows: one
            // order by p serves every element. Same layout as `areaRecords`, the records that
            // weigh first.
            areaRecordsByWeight = areaRecords
            for a in 0..<snapSet.areas.count {
                let share = 1 / Double(snapSet.areas[a].count)
                var weighing: [(p: Double, record: Int32)] = []
                for r in areaRecords[recordCount[a]..<recordCount[a + 1]] {
                    guard let (mass, decay) = recordWeight[Int(r)] else { continue }
                    let p = share * mass * decay
                    if p > 0 { weighing.append((p, r)) }
                }
                weighing.sort { ($1.p, $0.record) < ($0.p, $1.record) }
                for (k, w) in weighing.enumerated() { areaRecordsByWeight[recordCount[a] + k] = w.record }
                areaWeighingEnd.append(recordCount[a] + weighing.count)
            }
        }
        var scores: [EvidenceElement: Double] = [:]
        var attributed: [EvidenceElement: Double] = [:]
        for i in 0..<slots {
            if scored[i] { scores[element(i)] = score[i] }
            if attributedAny[i] { attributed[element(i)] = attributedSum[i] }
        }
        self.attributed = attributed
        self.scores = scores
        self.slotStart = keepingContributions ? count : [0]
        self.bySlot = bySlot
        self.areaStart = areaCount
        self.slotAreas = slotAreas
        self.recordsStart = recordCount
        self.areaRecords = areaRecords
        self.recordWeight = recordWeight
        self.control = control
        self.areaRecordsByWeight = areaRecordsByWeight
        self.areaWeighingEnd = areaWeighingEnd
    }

    /// The contributions to `element`'s score, largest first (ties by record index); empty
    /// when nothing weighs on it.
    public func contributions(of element: EvidenceElement) -> [Contribution] {
        var list: [Contribution] = []
        forEachContribution(of: element) { list.append($0) }
        list.sort { ($1.weight, $0.record) < ($0.weight, $1.record) }
        return list
    }

    /// Calls `body` with every contribution to `element`, in snap order (record order; no
    /// sort: for sums per record, whose order does not depend on it, and the score is their
    /// sum in this order, bit for bit).
    public func forEachContribution(of element: EvidenceElement, _ body: (Contribution) -> Void) {
        let i = Self.slot(element, nodeCount: nodeCount)
        guard i >= 0, i + 1 < slotStart.count else { return }
        // The located snaps and each area's records, merged by record (a record is one or
        // the other): the order the scores were summed in.
        var located = slotStart[i]
        let locatedEnd = slotStart[i + 1]
        var areaCursors: [(next: Int, end: Int, share: Double)] = (areaStart[i]..<areaStart[i + 1]).map { k in
            let a = Int(slotAreas[k])
            return (recordsStart[a], recordsStart[a + 1], 1 / Double(snapSet.areas[a].count))
        }
        while true {
            var best = Int.max, bestCursor = -1
            if located < locatedEnd { best = snapSet.located[Int(bySlot[located])].record }
            for (c, cursor) in areaCursors.enumerated() where cursor.next < cursor.end && Int(areaRecords[cursor.next]) < best {
                best = Int(areaRecords[cursor.next])
                bestCursor = c
            }
            guard best != .max else { return }
            let snap: SeizureSnap
            if bestCursor < 0 {
                snap = snapSet.located[Int(bySlot[located])]
                located += 1
            } else {
                snap = SeizureSnap(record: best, element: element, share: areaCursors[bestCursor].share)
                areaCursors[bestCursor].next += 1
            }
            if let c = contribution(snap, slot: i) { body(c) }
        }
    }

    /// What `snap` adds to slot `i`'s score, nil when it weighs nothing.
    @inline(__always)
    private func contribution(_ snap: SeizureSnap, slot i: Int) -> Contribution? {
        guard let (mass, decay) = recordWeight[snap.record] else { return nil }
        let w = Self.weight(snap, mass: mass, decay: decay, control: control[i], bandwidthKm: parameters.bandwidthKm)
        return w > 0 ? Contribution(record: snap.record, weight: w, distanceMetres: snap.distanceMetres) : nil
    }

    /// One area's records as they weigh on one element the area holds. An area record is
    /// spread evenly over its area's elements, so the records and their order are the same on
    /// each; only the element's detection-bias divisor differs.
    public struct AreaPart: Sendable {
        /// Index of the area among the snapped areas.
        public let area: Int
        /// The area's records that weigh (a mass above 0), heaviest first on every element
        /// the area holds, ties by record index.
        public let recordsByWeight: ArraySlice<Int32>
        fileprivate let element: EvidenceElement
        fileprivate let share: Double
        fileprivate let control: Double
        fileprivate let bandwidthKm: Double
        fileprivate let recordWeight: [(mass: Double, decay: Double)?]

        /// What record `r` of the area adds to the element's score: the bits
        /// `forEachContribution(of:_:)` gives (0 only if the division by the control underflows).
        public func weight(ofRecord r: Int) -> Double {
            guard let (mass, decay) = recordWeight[r] else { return 0 }
            return EvidenceModel.weight(
                SeizureSnap(record: r, element: element, share: share), mass: mass, decay: decay, control: control, bandwidthKm: bandwidthKm)
        }
    }

    /// Calls `located` with each located seizure's contribution to `element` (snap order),
    /// and `areas` once with each area holding it, for callers that need not visit every area
    /// record on every element: the heaviest seizures, sums by record. An area record on a
    /// dense network weighs on thousands of elements, and visiting it on each was most of
    /// writing a country-scale run's layers (BENCHMARKS.md, "Country scale").
    public func forEachContribution(
        of element: EvidenceElement, located: (Contribution) -> Void, areas: (AreaPart) -> Void
    ) {
        let i = Self.slot(element, nodeCount: nodeCount)
        guard i >= 0, i + 1 < slotStart.count else { return }
        for k in slotStart[i]..<slotStart[i + 1] {
            let snap = snapSet.located[Int(bySlot[k])]
            if let c = contribution(snap, slot: i) { located(c) }
        }
        for k in areaStart[i]..<areaStart[i + 1] {
            let a = Int(slotAreas[k])
            areas(AreaPart(
                area: a, recordsByWeight: weighingRecords(ofArea: a), element: element, share: 1 / Double(snapSet.areas[a].count),
                control: control[i], bandwidthKm: parameters.bandwidthKm, recordWeight: recordWeight))
        }
    }

    /// The number of areas the area records name (`AreaPart.area` is below it).
    public var areaCount: Int { snapSet.areas.count }

    /// Area `a`'s records that weigh, heaviest first, ties by record index.
    public func weighingRecords(ofArea a: Int) -> ArraySlice<Int32> {
        areaRecordsByWeight[recordsStart[a]..<areaWeighingEnd[a]]
    }

    /// The number of contributions to `element`.
    public func contributionCount(of element: EvidenceElement) -> Int {
        var n = 0
        forEachContribution(of: element) { _ in n += 1 }
        return n
    }

    /// The elements with at least one contribution, in slot order (nodes, then links).
    public var contributedElements: [EvidenceElement] { scores.keys.sorted() }

    private static func slot(_ e: EvidenceElement, nodeCount: Int) -> Int {
        switch e {
        case let .node(v): v
        case let .link(j): nodeCount + j
        }
    }

    /// `share · mass · decay · K(d/h) / control`, multiplied in this order everywhere.
    @inline(__always)
    private static func weight(_ snap: SeizureSnap, mass: Double, decay: Double, control: Double, bandwidthKm: Double) -> Double {
        let h = bandwidthKm * 1000
        let x = h > 0 ? snap.distanceMetres / h : 0
        let kernel = max(0, 1 - x * x)
        return snap.share * mass * decay * kernel / control
    }
}

extension EvidenceModel.Parameters {
    /// How watched `element` is: its crossing type's, gateway kind's, link mode's or place's
    /// control intensity (1 for a type or mode the tables leave out), whether or not the
    /// correction is on.
    public func control(of element: EvidenceElement, in bundle: NetworkBundle) -> Double {
        switch element {
        case let .node(v):
            if let k = bundle.crossingIndex(ofNode: v) { return crossingControl[bundle.crossings[k].type] ?? 1 }
            if let gateway = bundle.places[v].kind.gateway { return gatewayControl[gateway] ?? 1 }
            return placeControl
        case let .link(j):
            return linkControl[bundle.links[j].mode] ?? 1
        }
    }
}

extension EvidenceModel {
    /// Elements by score, highest first; ties by element (nodes before links, then index).
    public var ranked: [(element: EvidenceElement, score: Double)] {
        scores.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }
}
