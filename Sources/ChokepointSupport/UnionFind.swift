/// Disjoint sets over 0..<n (union–find with path halving), each set's root its smallest
/// member: roots, and whatever callers number by them, do not depend on the order of the
/// unions.
///
/// Linking the larger root under the smaller is linking by index, not by rank, so m finds
/// on n elements cost O(m log₍₂₊ₘ⸝ₙ₎ n) in the worst case (Tarjan & van Leeuwen, "Worst-case
/// analysis of set union algorithms", J. ACM 31, 1984), about constant on the sparse graphs
/// this serves (close crossings, a network's parts, reports of one seizure).
public struct UnionFind: Sendable {
    private var parent: [Int]

    /// `count` sets of one element each.
    public init(count: Int) {
        parent = Array(0..<count)
    }

    /// The smallest member of `i`'s set.
    public mutating func root(of i: Int) -> Int {
        var i = i
        while parent[i] != i {
            parent[i] = parent[parent[i]]
            i = parent[i]
        }
        return i
    }

    /// Joins the sets of `a` and `b`.
    public mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(of: a), root(of: b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
