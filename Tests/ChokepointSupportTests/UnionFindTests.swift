import ChokepointSupport
import Testing

@Suite struct UnionFindTests {
    @Test("Sets are the connected parts of the unions, each rooted at its smallest member", arguments: 1...20)
    func matchesComponentsByDepthFirstSearch(seed: UInt64) {
        // A small linear congruential generator: the same unions on every run.
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let n = 60 + next(140)
        var sets = UnionFind(count: n)
        var neighbours = [[Int]](repeating: [], count: n)
        for _ in 0..<next(n) {
            let (a, b) = (next(n), next(n))
            sets.union(a, b)
            neighbours[a].append(b)
            neighbours[b].append(a)
        }
        // The oracle: each part by depth-first search from its smallest member (starts
        // are tried in increasing order), labelled by it.
        var label = [Int](repeating: -1, count: n)
        for start in 0..<n where label[start] < 0 {
            var stack = [start]
            label[start] = start
            while let v = stack.popLast() {
                for w in neighbours[v] where label[w] < 0 {
                    label[w] = start
                    stack.append(w)
                }
            }
        }
        for v in 0..<n { #expect(sets.root(of: v) == label[v], "seed \(seed), element \(v)") }
    }
}
