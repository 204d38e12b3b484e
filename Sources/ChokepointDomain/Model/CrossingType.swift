/// The kind of a border crossing, from the most to the least controlled.
public enum CrossingType: String, Sendable, Hashable, CaseIterable {
    case international
    case main
    case secondary
    case unofficialKnown = "unofficial-known"
}
