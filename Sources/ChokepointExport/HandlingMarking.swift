import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo

/// The handling marking every file of one run carries, and the words that go with it: the
/// strictest marking of the records the files were built from (`SeizureDisclosure.overall`),
/// and, when the run was made to be shared (`--share-level`), what happened to the records
/// above that level. One text for every place it appears: the layers' and GeoPackage's
/// metadata, `MARKING.txt` (which stands for the CSV tables), the manifest, and the banners
/// of report.md, map.svg and map.html.
public struct HandlingMarking: Sendable {
    public let marking: TLP
    public let policy: SharingPolicy?
    /// Records marked above the share level: left out (`withhold`) or used unnamed (`aggregate`).
    public let aboveLevel: Int
    public let recordsUsed: Int

    public init(marking: TLP, policy: SharingPolicy?, aboveLevel: Int, recordsUsed: Int) {
        self.marking = marking
        self.policy = policy
        self.aboveLevel = aboveLevel
        self.recordsUsed = recordsUsed
    }

    public init(_ a: Analysis) {
        self.init(
            marking: a.disclosure.overall, policy: a.disclosure.policy, aboveLevel: a.seizureSet.account.withheld,
            recordsUsed: a.seizures.count)
    }

    /// One line: `TLP:AMBER — Limited disclosure: ...`.
    public var banner: String { "\(marking) — \(marking.definition)" }

    /// What was done for sharing, in a sentence; nil when nothing was (the analyst's own use).
    public var sharing: String? {
        guard let policy else { return nil }
        let level = policy.level.description
        switch policy.mode {
        case .withhold:
            return aboveLevel == 0
                ? "Written to be shared at \(level): no record was marked above it."
                : "Written to be shared at \(level): \(aboveLevel) seizure record(s) marked above it were left out before the analysis; every figure here is computed without them."
        case .aggregate:
            return aboveLevel == 0
                ? "Written to be shared at \(level): no record was marked above it."
                : "Written to be shared at \(level): \(aboveLevel) seizure record(s) marked above it weigh in the totals (evidence, flows, rankings) but are not named: no id, position, date, amount, agency or source of theirs is in these files."
        }
    }

    /// What the marking covers, for a reader who meets one file alone.
    public static let scope =
        "The marking is the strictest among the seizure records these files were built from (a record's `tlp`, else its file's default: --tlp or the scenario's seizures.tlp, else AMBER); a feature's `tlp` is that of the records behind its evidence (FIRST TLP 2.0, https://www.first.org/tlp/)."

    /// The `handling` member of the exports' metadata.
    public var metadata: JSONObject {
        [
            "tlp": .string(marking.description), "definition": .string(marking.definition),
            "share_level": .string(policy?.level.description ?? ""), "share_mode": .string(policy?.mode.rawValue ?? ""),
            "records_above_share_level": .integer(Int64(aboveLevel)), "records_used": .integer(Int64(recordsUsed)),
            "statement": .string(([sharing].compactMap { $0 } + [Self.scope]).joined(separator: " ")),
        ]
    }

    /// `MARKING.txt`: the marking of every file in the folder (the CSV tables have no place
    /// for it), then what it means and how it was set.
    public var sidecar: String {
        var text = "\(marking)\n\nEvery file in this folder is \(marking).\n\(marking.definition)\n\n"
        if let sharing { text += sharing + "\n\n" }
        text += Self.scope + "\n"
        return text
    }

    /// report.md's banner, at its top and bottom.
    public var markdown: String { "**\(marking)** — \(marking.definition)" + (sharing.map { " \($0)" } ?? "") }
}
