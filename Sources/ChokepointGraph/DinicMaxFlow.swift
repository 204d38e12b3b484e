/// Dinic's maximum flow on a `FlowNetwork`.
///
/// Algorithm: E. A. Dinic, "Algorithm for solution of a problem of maximum flow in networks
/// with power estimation", Soviet Math. Doklady 11, 1277–1280, 1970: BFS level graphs and
/// blocking flows, with the current-arc pointer of Even (1979).
///
/// - Complexity: O(V²·E) on the split graph (V ≤ 2n + 2, E ≤ 2m + n; only nodes with a finite
///   capacity are split); far less in practice.
extension FlowNetwork {
    mutating func maxFlow(from s: Int, to t: Int) -> Double {
        let eps = epsilon
        let n = nodeCount
        // The phase loop runs over unchecked buffers: it visits every arc once per phase, and
        // checked array writes (bounds and uniqueness) were most of its cost (BENCHMARKS.md).
        return offsets.withUnsafeBufferPointer { offsets in
            head.withUnsafeBufferPointer { head in
                reverse.withUnsafeBufferPointer { reverse in
                    residual.withUnsafeMutableBufferPointer { residual in
                        let level = ScratchBuffer<Int32>(count: n, repeating: -1)
                        let current = ScratchBuffer<Int>(count: n, repeating: 0)
                        let queue = ScratchBuffer<Int32>(count: n, repeating: 0)
                        defer { level.free(); current.free(); queue.free() }
                        var pathArcs: [Int] = []
                        var total = 0.0
                        while true {
                            // BFS: level graph, stopped once the target's level is complete.
                            level.pointer.update(repeating: -1, count: n)
                            level[s] = 0
                            queue[0] = Int32(s)
                            var tail = 1, q = 0
                            var targetLevel = Int32.max
                            while q < tail {
                                let u = Int(queue[q]); q += 1
                                let next = level[u] + 1
                                if next > targetLevel { break }
                                for a in offsets[u]..<offsets[u + 1] where residual[a] > eps && level[head[a]] < 0 {
                                    level[head[a]] = next
                                    if head[a] == t { targetLevel = next }
                                    queue[tail] = Int32(head[a]); tail += 1
                                }
                            }
                            guard level[t] >= 0 else { return total }
                            for i in 0..<n { current[i] = offsets[i] }
                            // Blocking flow by iterative DFS with current-arc pointers.
                            var u = s
                            pathArcs.removeAll(keepingCapacity: true)
                            while true {
                                if u == t {
                                    var bottleneck = Double.infinity
                                    for a in pathArcs { bottleneck = min(bottleneck, residual[a]) }
                                    for a in pathArcs {
                                        residual[a] -= bottleneck
                                        residual[reverse[a]] += bottleneck
                                    }
                                    total += bottleneck
                                    // Restart from the tail of the first saturated arc.
                                    var cut = pathArcs.count
                                    for (i, a) in pathArcs.enumerated() where residual[a] <= eps { cut = i; break }
                                    pathArcs.removeSubrange(cut...)
                                    u = pathArcs.last.map { head[$0] } ?? s
                                    continue
                                }
                                var advanced = false
                                while current[u] < offsets[u + 1] {
                                    let a = current[u]
                                    let v = head[a]
                                    if residual[a] > eps && level[v] == level[u] + 1 {
                                        pathArcs.append(a)
                                        u = v
                                        advanced = true
                                        break
                                    }
                                    current[u] += 1
                                }
                                if advanced { continue }
                                // Dead end: retreat.
                                if u == s { break }
                                level[u] = -1
                                pathArcs.removeLast()
                                u = pathArcs.last.map { head[$0] } ?? s
                                current[u] += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
