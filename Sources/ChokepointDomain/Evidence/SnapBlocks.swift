/// Snaps appended in blocks of fixed size, then joined into one array of the exact size,
/// each block freed once copied: an array grown by doubling holds up to twice what it needs,
/// and three times while it moves, which on a country-scale run (tens of millions of snaps)
/// was gigabytes (BENCHMARKS.md, "The main job on a large network").
struct SnapBlocks {
    private static let blockSize = 1 << 16
    private var full: [[SeizureSnap]] = []
    private var current: [SeizureSnap] = []

    mutating func append(_ snap: SeizureSnap) {
        if current.count == current.capacity {
            if !current.isEmpty { full.append(current) }
            current = []
            current.reserveCapacity(Self.blockSize)
        }
        current.append(snap)
    }

    /// All snaps in order; the blocks are consumed.
    mutating func joined() -> [SeizureSnap] {
        var all: [SeizureSnap] = []
        all.reserveCapacity(full.reduce(current.count) { $0 + $1.count })
        for i in full.indices {
            all.append(contentsOf: full[i])
            full[i] = []
        }
        all.append(contentsOf: current)
        current = []
        return all
    }
}
