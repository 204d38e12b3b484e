/// A handling marking of the Traffic Light Protocol, version 2.0 (FIRST, "Traffic Light
/// Protocol (TLP) Definitions and Usage", 2022, https://www.first.org/tlp/): who a record, or
/// anything built from it, may be shared with. Ordered from the least to the most
/// restricted, so the marking of what several records built is their `max`.
///
/// Read from a seizure row's `tlp` field as `RED`, `TLP:RED`, `tlp:amber+strict`,
/// `AMBER STRICT`...; TLP 1.0's `WHITE` is read as `CLEAR`, which FIRST's 2.0 definitions
/// replace it with. Anything else is an error in the row: a marking is never guessed.
public enum TLP: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case clear, green, amber, amberStrict, red

    public static func < (a: TLP, b: TLP) -> Bool { a.rawValue < b.rawValue }

    /// The marking as FIRST writes it: `TLP:AMBER+STRICT`.
    public var description: String { "TLP:" + name }

    /// `CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT`, `RED`.
    public var name: String {
        switch self {
        case .clear: "CLEAR"
        case .green: "GREEN"
        case .amber: "AMBER"
        case .amberStrict: "AMBER+STRICT"
        case .red: "RED"
        }
    }

    /// FIRST's one-line summary of who may receive it.
    public var definition: String {
        switch self {
        case .clear: "Recipients can spread this to the world; there is no limit on disclosure."
        case .green: "Limited disclosure: recipients can spread this within their community, not publicly."
        case .amber:
            "Limited disclosure: recipients can spread this only on a need-to-know basis within their organization and its clients."
        case .amberStrict: "Limited disclosure: recipients can spread this only on a need-to-know basis within their organization."
        case .red: "For the eyes and ears of individual recipients only; no further disclosure."
        }
    }

    /// FIRST's colour for the label's text (on black).
    public var colour: String {
        switch self {
        case .clear: "#FFFFFF"
        case .green: "#33FF00"
        case .amber, .amberStrict: "#FFC000"
        case .red: "#FF2B2B"
        }
    }

    /// The fixed id of FIRST's STIX 2.1 marking-definition for this level (TLP 2.0, in the
    /// OASIS common objects): recipients' tools recognise it without the object itself.
    public var stixMarkingID: String {
        switch self {
        case .clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .amberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        case .red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }

    /// The extension those marking-definitions carry their level in (`tlp_2_0`).
    public static let stixExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

    /// A marking as written in a file or on the command line; nil when it is none of the five.
    public init?(parsing text: String) {
        var t = Substring(text.uppercased())
        t = t.drop { $0 == " " || $0 == "\t" }
        while t.last == " " || t.last == "\t" { t = t.dropLast() }
        if t.hasPrefix("TLP:") { t = t.dropFirst(4) } else if t.hasPrefix("TLP ") { t = t.dropFirst(4) }
        t = t.drop { $0 == " " }
        let words = t.split { $0 == " " || $0 == "+" || $0 == "_" || $0 == "-" }
        switch words.joined(separator: "+") {
        case "CLEAR", "WHITE": self = .clear
        case "GREEN": self = .green
        case "AMBER": self = .amber
        case "AMBER+STRICT": self = .amberStrict
        case "RED": self = .red
        default: return nil
        }
    }

    /// What the error says a marking may be.
    public static let expected = "expected a TLP 2.0 marking: CLEAR, GREEN, AMBER, AMBER+STRICT or RED (TLP: prefix optional)"
}

/// Who the files a run writes are for: records marked above `level` never appear in them,
/// and `mode` says whether the rankings were computed without those records (`withhold`) or
/// with them, unnamed (`aggregate`: their weight stays in totals such as evidence and flow,
/// but no id, position, date, amount, agency or source of theirs is written).
public struct SharingPolicy: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case withhold, aggregate
    }

    public var level: TLP
    public var mode: Mode

    public init(level: TLP, mode: Mode) {
        self.level = level
        self.mode = mode
    }

    /// Whether a record so marked may be named in files shared at this level.
    public func shares(_ marking: TLP) -> Bool { marking <= level }
}
