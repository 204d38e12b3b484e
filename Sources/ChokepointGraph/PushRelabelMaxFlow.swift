/// Maximum flow by highest-label push–relabel with gap and global relabelling.
///
/// Algorithm: A. V. Goldberg and R. E. Tarjan, "A new approach to the maximum-flow problem",
/// J. ACM 35(4), 921–940, 1988; the highest-label selection, the gap heuristic and periodic
/// global relabelling (a reverse BFS from the sink) as in B. V. Cherkassky and A. V.
/// Goldberg, "On implementing the push–relabel method for the maximum flow problem",
/// Algorithmica 19, 390–410, 1997.
///
/// Phase 1 computes a maximum preflow: its value and minimum cut are final. Phase 2 returns
/// the excess stranded on the source side to the source (push–relabel again, with distance
/// labels towards the source and the sink closed), so that every node but the source and sink
/// conserves flow and `flow(on:)` reads a real flow.
///
/// Capacities may be infinite (uncuttable arcs): before the run they become the sum of all
/// finite capacities plus one, which no flow can exceed when a finite cut exists (the caller
/// checks that first).
///
/// - Complexity: O(V²·√E) for highest-label selection; with the heuristics, near-linear on
///   road-like networks (BENCHMARKS.md).
extension FlowNetwork {
    mutating func pushRelabelMaxFlow(from s: Int, to t: Int) -> Double {
        // Uncuttable arcs: a capacity no flow can reach when some finite cut exists.
        var finite = 0.0
        for k in stride(from: 0, to: head.count, by: 1) where residual[k].isFinite { finite += residual[k] }
        let big = finite + 1
        for k in residual.indices where residual[k] == .infinity { residual[k] = big }
        let n = nodeCount
        var excess = [Double](repeating: 0, count: n)
        // Phase 1: saturate the source's arcs, then discharge towards the sink.
        for a in offsets[s]..<offsets[s + 1] where residual[a] > 0 {
            let c = residual[a]
            residual[a] = 0
            residual[reverse[a]] += c
            excess[head[a]] += c
            excess[s] -= c
        }
        discharge(sink: t, closed: s, excess: &excess)
        let value = excess[t]
        // Phase 2: what could not reach the sink goes back to the source.
        discharge(sink: s, closed: t, excess: &excess)
        return value
    }

    /// Pushes every node's excess towards `sink` until none can move; `closed` is never
    /// entered or discharged (the source in phase 1, the sink in phase 2).
    ///
    /// Runs over unchecked buffers, like Dinic's phase loop: every arc is scanned many times
    /// and checked array access was most of the cost.
    private mutating func discharge(sink: Int, closed: Int, excess: inout [Double]) {
        let n = nodeCount
        let eps = epsilon
        let relabelEvery = 6 * n + head.count / 2
        offsets.withUnsafeBufferPointer { offsets in
        head.withUnsafeBufferPointer { head in
        reverse.withUnsafeBufferPointer { reverse in
        residual.withUnsafeMutableBufferPointer { residual in
        excess.withUnsafeMutableBufferPointer { excess in
            let label = ScratchBuffer<Int>(count: n, repeating: n)
            let current = ScratchBuffer<Int>(count: n, repeating: 0)
            // Active nodes by label (singly linked stacks), all nodes by label (doubly
            // linked) for the gap heuristic.
            let activeFirst = ScratchBuffer<Int>(count: n + 1, repeating: -1)
            let activeNext = ScratchBuffer<Int>(count: n, repeating: -1)
            let first = ScratchBuffer<Int>(count: n + 1, repeating: -1)
            let next = ScratchBuffer<Int>(count: n, repeating: -1)
            let previous = ScratchBuffer<Int>(count: n, repeating: -1)
            let queue = ScratchBuffer<Int>(count: n, repeating: 0)
            defer { [label, current, activeFirst, activeNext, first, next, previous, queue].forEach { $0.free() } }
            var highest = 0
            var work = 0

            func unlink(_ v: Int) {
                if previous[v] >= 0 { next[previous[v]] = next[v] } else { first[label[v]] = next[v] }
                if next[v] >= 0 { previous[next[v]] = previous[v] }
            }
            func link(_ v: Int) {
                next[v] = first[label[v]]
                previous[v] = -1
                if first[label[v]] >= 0 { previous[first[label[v]]] = v }
                first[label[v]] = v
            }
            func activate(_ v: Int) {
                activeNext[v] = activeFirst[label[v]]
                activeFirst[label[v]] = v
                if label[v] > highest { highest = label[v] }
            }
            func isActive(_ v: Int) -> Bool { v != sink && v != closed && excess[v] > eps && label[v] < n }

            /// Exact distances to the sink in the residual network (reverse BFS); nodes that
            /// cannot reach it get label n and are left alone.
            func globalRelabel() {
                first.pointer.update(repeating: -1, count: n + 1)
                activeFirst.pointer.update(repeating: -1, count: n + 1)
                label.pointer.update(repeating: n, count: n)
                label[sink] = 0
                queue[0] = sink
                var tail = 1, q = 0
                while q < tail {
                    let v = queue[q]; q += 1
                    let d = label[v] + 1
                    for a in offsets[v]..<offsets[v + 1] {
                        let u = head[a]
                        // u → v is usable when the reverse of a has residual capacity.
                        if label[u] == n && u != closed && residual[reverse[a]] > eps {
                            label[u] = d
                            queue[tail] = u; tail += 1
                        }
                    }
                }
                highest = 0
                for v in 0..<n where label[v] < n && v != closed {
                    link(v)
                    current[v] = offsets[v]
                    if isActive(v) { activate(v) }
                }
            }

            globalRelabel()
            while true {
                while highest > 0 && activeFirst[highest] < 0 { highest -= 1 }
                let u = activeFirst[highest]
                guard u >= 0 else { break }
                activeFirst[highest] = activeNext[u]
                if work > relabelEvery {
                    work = 0
                    globalRelabel()
                    continue
                }
                // Discharge u: push along admissible arcs, relabel when none is left.
                while excess[u] > eps && label[u] < n {
                    let end = offsets[u + 1]
                    let target = label[u] - 1
                    var a = current[u]
                    while a < end {
                        let v = head[a]
                        if residual[a] > eps && label[v] == target && v != closed {
                            let delta = min(excess[u], residual[a])
                            residual[a] -= delta
                            residual[reverse[a]] += delta
                            excess[u] -= delta
                            let wasActive = isActive(v)
                            excess[v] += delta
                            if !wasActive && isActive(v) { activate(v) }
                            if excess[u] <= eps { break }
                        }
                        a += 1
                    }
                    current[u] = a
                    if excess[u] <= eps { break }
                    // Relabel: one more than the lowest neighbour reachable by a residual arc.
                    let old = label[u]
                    var lowest = n
                    for b in offsets[u]..<end where residual[b] > eps && head[b] != closed {
                        lowest = min(lowest, label[head[b]] + 1)
                    }
                    work += 12 + (end - offsets[u])
                    unlink(u)
                    label[u] = min(lowest, n)
                    current[u] = offsets[u]
                    if label[u] < n { link(u) }
                    // Gap: no node left at the old label, so nothing above it reaches the sink.
                    if first[old] < 0 {
                        for l in (old + 1)..<n {
                            var v = first[l]
                            while v >= 0 {
                                label[v] = n
                                v = next[v]
                            }
                            first[l] = -1
                            activeFirst[l] = -1
                        }
                    }
                }
                if isActive(u) { activate(u) }
            }
        }
        }
        }
        }
        }
    }
}
