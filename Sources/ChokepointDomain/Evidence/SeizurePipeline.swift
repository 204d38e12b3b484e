import ChokepointGeo
import ChokepointSupport
import Foundation

/// The one seizure chain every command and the simulator use:
///
///     read → normalise → filter (commodity, date window) → merge → snap → weigh
///
/// `ingest` runs the first four steps and counts what each did (`SeizureAccount`), so a
/// summary, a report and the exports' metadata tell the same story; `snap` attaches the
/// records to the network once (`SnappedSeizures`), and `SnappedSeizures.evidence` weighs
/// them, as often as needed: resampling re-weighs the kept snaps without snapping again.
///
/// Filtering comes before merging, so a record outside the filter can never be the one a
/// merge keeps, and every output (layers, counts, report) sees the same records. With a
/// `sharing` policy that withholds, records marked above its level are filtered out there
/// too, before they could be merged into a shareable report of the same case.
public struct SeizurePipeline {
    public var conversion: AmountConversion
    public var merger: SeizureMerger
    public var filter: SeizureFilter
    /// Who the outputs are for (`--share-level`); nil: the analyst's own use, every record named.
    public var sharing: SharingPolicy?
    private let bundle: NetworkBundle

    /// The scenario's settings (`seizures:` and `evidence.commodities`), or the defaults.
    public init(bundle: NetworkBundle) {
        self.bundle = bundle
        conversion = bundle.scenario?.conversion ?? AmountConversion()
        merger = bundle.scenario?.merger ?? SeizureMerger()
        filter = bundle.scenario?.seizureFilter ?? SeizureFilter()
    }

    /// Reads each file (CSV or GeoJSON) and runs the chain on all of their rows together.
    /// Each row is normalised as soon as it is read, so a large file's rows are never held
    /// beside its records.
    /// Analysts' files, read by `conventions` (by default the lenient ones: sheets as analysts
    /// write them; README).
    public func ingest(
        files: [String], encoding: TextEncoding = .utf8, conventions: SeizureConventions = SeizureConventions(), proj: PROJContext,
        geos: GEOSContext
    ) -> SeizureSet {
        var reader = SeizureFileReader(proj: proj, geos: geos)
        reader.encoding = encoding
        reader.conventions = conventions
        var normaliser = SeizureNormaliser(bundle: bundle, conversion: conversion)
        normaliser.unmarked = conventions.unmarked ?? .amber
        var batches = Batches(normaliser: normaliser)
        for file in files { batches.add(file, reader: reader) }
        return finish(&batches)
    }

    /// The bundle's own seizures.csv, as `BundleReader` already read it (no second read);
    /// rows without a `tlp` take the scenario's `seizures.tlp`, else AMBER.
    public func ingestBundleSeizures() -> SeizureSet {
        ingest([(bundle.seizures, (bundle.directory as NSString).appendingPathComponent(bundle.fileName(BundleFile.seizures)), [])], unmarked: bundle.scenario?.seizureMarking ?? .amber)
    }

    /// Rows already read, with the problems their reading found; rows without a `tlp` are `unmarked`.
    public func ingest(_ batches: [(rows: [SeizureRow], file: String, problems: [InputError])], unmarked: TLP) -> SeizureSet {
        var normaliser = SeizureNormaliser(bundle: bundle, conversion: conversion)
        normaliser.unmarked = unmarked
        var normalised = Batches(normaliser: normaliser)
        for batch in batches { normalised.add(batch.rows, file: batch.file, problems: batch.problems) }
        return finish(&normalised)
    }

    /// Normalised records of the files read so far, with their problems and counts.
    private struct Batches {
        var normaliser: SeizureNormaliser
        var records: [SeizureRecord] = []
        var problems: [InputError] = []
        var account = SeizureAccount()

        /// Reads `file`, normalising each row as it comes.
        mutating func add(_ file: String, reader: SeizureFileReader) {
            var rows = 0
            let before = records.count
            var normaliseProblems: [InputError] = []
            // The estimate (sampled line lengths) saves regrowing a large array of records.
            let readProblems = reader.read(path: file, expect: { records.reserveCapacity(before + $0 + $0 / 16) }) { row in
                rows += 1
                normaliser.normalise(row, file: file, into: &records, problems: &normaliseProblems)
            }
            count(rows: rows, records: records.count - before, problems: readProblems + normaliseProblems, readProblems: readProblems)
        }

        mutating func add(_ rows: [SeizureRow], file: String, problems readProblems: [InputError]) {
            let before = records.count
            var normaliseProblems: [InputError] = []
            records.reserveCapacity(before + rows.count)
            for row in rows { normaliser.normalise(row, file: file, into: &records, problems: &normaliseProblems) }
            count(rows: rows.count, records: records.count - before, problems: readProblems + normaliseProblems, readProblems: readProblems)
        }

        private mutating func count(rows: Int, records: Int, problems new: [InputError], readProblems: [InputError]) {
            // A row the reader could not read at all is not among the rows: count it once.
            let unreadable = Set(readProblems.compactMap { p in p.location.line ?? p.location.feature })
            account.rowsRead += rows + unreadable.count
            account.skippedAsBad += rows + unreadable.count - records
            problems += new
        }
    }

    /// Date check, filter and merge, in place on the records.
    private func finish(_ batches: inout Batches) -> SeizureSet {
        // Taken, not copied: a copy would make the in-place filter copy every record.
        var records: [SeizureRecord] = []
        swap(&records, &batches.records)
        var problems = batches.problems
        var account = batches.account
        if let asOf = bundle.scenario?.evidence.referenceDay {
            // A record after the reference date would get a weight above 1 and, without a
            // reference, would move every other record's weight: it is an error in the row.
            let before = records.count
            records.removeAll { r in
                guard r.date.firstDay > asOf else { return false }
                problems.append(InputError(InputLocation(file: r.file, line: r.line > 0 ? r.line : nil, field: "date"),
                                           "dated \(r.date.text), after the evidence's reference date \(SeizureDate.isoDate(dayNumber: asOf)) (evidence.as_of)"))
                return true
            }
            account.skippedAsBad += before - records.count
        }
        let beforeFilter = records.count
        records.removeAll { !filter.keeps($0) }
        account.filteredOut = beforeFilter - records.count
        if let sharing, sharing.mode == .withhold {
            let before = records.count
            records.removeAll { !sharing.shares($0.marking) }
            account.withheld = before - records.count
        }
        let kept = records.count
        let merges = merger.merge(&records)
        account.mergedAway = kept - records.count
        account.used = records.count
        if let sharing, sharing.mode == .aggregate {
            account.withheld = records.reduce(0) { $0 + (sharing.shares($1.marking) ? 0 : 1) }
        }
        var set = SeizureSet(records: records, problems: problems.sorted(), merges: merges, account: account)
        set.resolutions = batches.normaliser.resolutions
        return set
    }

    /// Attaches the records to the network's nodes and links within `bandwidthKm`.
    public static func snap(_ records: [SeizureRecord], to bundle: NetworkBundle, bandwidthKm: Double,
                            geos: GEOSContext) throws -> SnappedSeizures {
        let snapSet = try SeizureSnapper(bundle: bundle, bandwidthMetres: bandwidthKm * 1000, geos: geos).snapSet(records)
        return SnappedSeizures(records: records, snapSet: snapSet)
    }
}

/// Which records an analysis keeps: some commodities, a date window, or all.
public struct SeizureFilter: Sendable, Hashable {
    /// Only these commodities (nil: all).
    public var commodities: Set<Commodity>?
    /// Only records whose date can fall in this window (days since 1970-01-01; nil: any).
    public var window: ClosedRange<Int>?

    public init(commodities: Set<Commodity>? = nil, window: ClosedRange<Int>? = nil) {
        self.commodities = commodities
        self.window = window
    }

    /// The filter the flags ask for: `commodities` (names or synonyms) replacing `base`'s when
    /// given, and the window from `from`'s first day to `to`'s last (YYYY[-MM[-DD]]).
    public init(commodities: [String], from: String?, to: String?, replacing base: SeizureFilter = SeizureFilter()) throws(InputError) {
        self = base
        if !commodities.isEmpty {
            self.commodities = Set(try commodities.map { name throws(InputError) in
                guard let c = Commodity(parsing: name) else {
                    throw InputError(InputLocation(file: "--commodity"),
                                     "unknown commodity \"\(name)\" (expected one of \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return c
            })
        }
        func date(_ flag: String, _ value: String?) throws(InputError) -> SeizureDate? {
            guard let value else { return nil }
            guard let date = SeizureDate(value) else {
                throw InputError(InputLocation(file: flag), "\"\(value)\" is not a date YYYY[-MM[-DD]]")
            }
            return date
        }
        let first = try date("--from", from), last = try date("--to", to)
        if first != nil || last != nil { window = (first?.firstDay ?? Int.min)...(last?.lastDay ?? Int.max) }
    }

    public func keeps(_ r: SeizureRecord) -> Bool {
        if let commodities, !commodities.contains(r.commodity) { return false }
        if let window, !window.overlaps(r.date.firstDay...r.date.lastDay) { return false }
        return true
    }
}

/// What the chain did with the rows: every row is read, then either skipped as bad or
/// normalised; normalised records are filtered out, merged into another report of the same
/// case, or used.
public struct SeizureAccount: Sendable, Hashable {
    public var rowsRead = 0
    public var skippedAsBad = 0
    public var filteredOut = 0
    /// Records marked above the share level: left out before merging (`withhold`), or used
    /// and never named (`aggregate`, counted among `used`).
    public var withheld = 0
    public var mergedAway = 0
    public var used = 0

    public init() {}
}

/// Records after read → normalise → filter → merge, with the problems of the skipped rows
/// (sorted by file and line), the merges, and the account.
public struct SeizureSet: Sendable {
    public var records: [SeizureRecord]
    public var problems: [InputError]
    public var merges: [SeizureMerger.Merge]
    public var account: SeizureAccount
    /// Place names several places share that a row's context did not narrow to one, in
    /// reading order: listed on stderr and in the exports' metadata, never a silent guess.
    public var resolutions: [PlaceResolution] = []

    public init(records: [SeizureRecord], problems: [InputError], merges: [SeizureMerger.Merge], account: SeizureAccount) {
        self.records = records
        self.problems = problems
        self.merges = merges
        self.account = account
    }
}

extension SeizureSet {
    /// Refuses seizures there is nothing to analyse in: a file that could not be read at all
    /// (missing, a directory, broken JSON or CSV: a problem that names no row or feature, or
    /// a syntax error's line and column) always; no usable record at all unless
    /// `allowEmpty`, since layers weighed by no evidence look like an answer.
    public func requireRecords(allowEmpty: Bool, files: [String]) throws(InputError) {
        let unreadable = problems.first { p in
            p.location.feature == nil && (p.location.line == nil || p.location.column != nil)
        }
        if let unreadable { throw unreadable }
        guard records.isEmpty, !allowEmpty else { return }
        let what = account.rowsRead == 0 ? "holds no seizure rows" : "has no usable seizure record (\(account.rowsRead) rows read, \(account.skippedAsBad) skipped as bad, \(account.filteredOut) filtered out)"
        throw InputError(InputLocation(file: files.joined(separator: ", ")),
                         "\(what); nothing to weigh the network with (--allow-empty runs anyway)")
    }
}

/// Records with their snaps, kept so that the evidence can be weighed again (other
/// parameters, a bootstrap sample) without snapping again.
public struct SnappedSeizures: Sendable {
    public let records: [SeizureRecord]
    /// The located records' snaps and each area once (`SnapSet`).
    public let snapSet: SnapSet

    init(records: [SeizureRecord], snapSet: SnapSet) {
        self.records = records
        self.snapSet = snapSet
    }

    /// Every snap, the area records' implied ones included: for small inputs and tests.
    public var snaps: [SeizureSnap] { snapSet.allSnaps }

    /// The evidence of these records on `bundle` (the bundle they were snapped to).
    public func evidence(on bundle: NetworkBundle, parameters: EvidenceModel.Parameters) -> EvidenceModel {
        EvidenceModel(bundle: bundle, records: records, snapSet: snapSet, parameters: parameters)
    }

    /// The evidence scores alone of these records on `bundle`, under other parameters.
    public func scores(on bundle: NetworkBundle, parameters: EvidenceModel.Parameters) -> [EvidenceElement: Double] {
        EvidenceModel.scores(bundle: bundle, records: records, snapSet: snapSet, parameters: parameters)
    }

    /// The records at `indices` (repeats allowed: a bootstrap sample), each with its own snaps.
    public func resampled(_ indices: [Int]) -> SnappedSeizures {
        SnappedSeizures(records: indices.map { records[$0] }, snapSet: snapSet.resampled(indices))
    }
}
