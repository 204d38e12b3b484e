import Foundation

/// Resolves what an analyst writes for a place ("Nghệ An", "Nghe An", "Hua Phan",
/// "Houaphanh") to the bundle's id: ids, names and aliases of places, crossings and
/// provinces, and country codes, compared case- and diacritic-insensitively.
public struct NameIndex: Sendable {
    public enum Target: Sendable, Hashable {
        case node(String)
        case province(String)
        case country(String)
        /// An index into `NetworkBundle.gazetteer`.
        case town(Int)
    }

    private var table: [String: Target] = [:]
    /// The other targets of a name that several places share, after the one `table` keeps
    /// (same priority order): only names that collide have an entry.
    private var others: [String: [Target]] = [:]
    private var othersSeen: [String: Set<Target>] = [:]

    public init(bundle b: NetworkBundle) {
        // Ids first, then names, then aliases: an exact id always wins over a look-alike name.
        for p in b.places { add(p.id, .node(p.id)) }
        for c in b.crossings { add(c.id, .node(c.id)) }
        for p in b.provinces { add(p.id, .province(p.id)) }
        for c in Set(b.places.map(\.country) + b.crossings.flatMap { [$0.countryA, $0.countryB] }).sorted() { add(c, .country(c)) }
        for p in b.provinces { add(p.name, .province(p.id)) }
        for p in b.places { add(p.name, .node(p.id)) }
        for c in b.crossings { add(c.name, .node(c.id)) }
        for p in b.provinces { for a in p.aliases { add(a, .province(p.id)) } }
        for p in b.places { for a in p.aliases { add(a, .node(p.id)) } }
        // Gazetteer towns last: a town named like a province or a node never hides it. Among
        // towns of the same name the most populous comes first in the file order given.
        for (i, t) in b.gazetteer.enumerated() { add(t.name, .town(i)) }
        for (i, t) in b.gazetteer.enumerated() { for a in t.aliases { add(a, .town(i)) } }
    }

    private mutating func add(_ name: String, _ target: Target) {
        let key = Self.fold(name)
        guard !key.isEmpty else { return }
        if let first = table[key] {
            // A set beside the list: a name many places share ("junction" on a network from
            // OpenStreetMap: tens of thousands) made a linear check per place quadratic.
            if first != target, othersSeen[key, default: []].insert(target).inserted { others[key, default: []].append(target) }
        } else {
            table[key] = target
        }
    }

    /// The place a name means when nothing else is known: ids, then names, then aliases;
    /// provinces before nodes; among gazetteer towns the most populous.
    public func resolve(_ name: String) -> Target? { table[Self.fold(name)] }

    /// Every place the name can mean, in the order `resolve` ranks them (its answer first).
    public func candidates(_ name: String) -> [Target] {
        let key = Self.fold(name)
        guard let first = table[key] else { return [] }
        return [first] + (others[key] ?? [])
    }

    /// Whether more than one place answers to the name.
    public func isShared(_ name: String) -> Bool { others[Self.fold(name)] != nil }

    /// Lower case without diacritics, spaces, hyphens or punctuation: "Nghệ An" and
    /// "nghe-an" fold alike. Đ/đ have no decomposition, so they are mapped by hand.
    ///
    /// ASCII text, most of a gazetteer, is folded byte by byte (ASCII letters lowered,
    /// digits kept, the rest dropped: what Foundation's folding and the alphanumeric filter
    /// do to it); the rest goes through Foundation. Building the index for the bundled
    /// gazetteer took a fifth of `analyze` before (BENCHMARKS.md, "analyze on the bundle").
    public static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case 0x41...0x5A: bytes.append(b + 0x20)
            case 0x61...0x7A, 0x30...0x39: bytes.append(b)
            case 0x80...: return foldedByFoundation(text)
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func foldedByFoundation(_ text: String) -> String {
        var replaced = text
        if text.unicodeScalars.contains(where: { $0 == "Đ" || $0 == "đ" || $0 == "Ð" }) {
            replaced = text.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
                .replacingOccurrences(of: "Ð", with: "D")
        }
        let folded = replaced.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
