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
    private mutating func discharge(sink: Int, closed: Int, excess: inout [Double]) {
        let n = nodeCount
        let eps = epsilon
        var label = [Int](repeating: n, count: n)
        var current = [Int](repeating: 0, count: n)
        // Active nodes by label (stacks), and all nodes by label (doubly linked) for gaps.
        var active = [[Int]](repeating: [], count: n + 1)
        var next = [Int](repeating: -1, count: n), previous = [Int](repeating: -1, count: n)
        var first = [Int](repeating: -1, count: n + 1)
        var highest = 0
        var work = 0
        let relabelEvery = 6 * n + head.count / 2

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
        func isActive(_ v: Int) -> Bool { v != sink && v != closed && excess[v] > eps && label[v] < n }

        /// Exact distances to the sink in the residual network (reverse BFS); nodes that cannot
        /// reach it get label n and are left alone.
        func globalRelabel() {
            for i in 0...n { first[i] = -1; active[i].removeAll(keepingCapacity: true) }
            for v in 0..<n { label[v] = n }
            label[sink] = 0
            var queue = [sink]
            var q = 0
            while q < queue.count {
                let v = queue[q]; q += 1
                for a in offsets[v]..<offsets[v + 1] {
                    let u = head[a]
                    // u → v is usable when the reverse of a has residual capacity.
                    if label[u] == n && u != closed && residual[reverse[a]] > eps {
                        label[u] = label[v] + 1
                        queue.append(u)
                    }
                }
            }
            highest = 0
            for v in 0..<n where label[v] < n && v != closed {
                link(v)
                current[v] = offsets[v]
                if isActive(v) {
                    active[label[v]].append(v)
                    highest = max(highest, label[v])
                }
            }
        }

        globalRelabel()
        while true {
            while highest > 0 && active[highest].isEmpty { highest -= 1 }
            guard let u = active[highest].popLast() else { break }
            if work > relabelEvery {
                work = 0
                active[highest].append(u)
                globalRelabel()
                continue
            }
            // Discharge u: push along admissible arcs, relabel when none is left.
            while excess[u] > eps && label[u] < n {
                let end = offsets[u + 1]
                var a = current[u]
                while a < end {
                    let v = head[a]
                    if residual[a] > eps && label[u] == label[v] + 1 && v != closed {
                        let delta = min(excess[u], residual[a])
                        residual[a] -= delta
                        residual[reverse[a]] += delta
                        excess[u] -= delta
                        let wasActive = isActive(v)
                        excess[v] += delta
                        if !wasActive && isActive(v) {
                            active[label[v]].append(v)
                            // u may have been relabelled above `highest`.
                            highest = max(highest, label[v])
                        }
                        if excess[u] <= eps { break }
                    }
                    a += 1
                }
                current[u] = a
                if excess[u] <= eps { break }
                // Relabel: one more than the lowest neighbour reachable by a residual arc.
                let old = label[u]
                var lowest = n
                for b in offsets[u]..<offsets[u + 1] where residual[b] > eps && head[b] != closed {
                    lowest = min(lowest, label[head[b]] + 1)
                }
                work += 12 + (offsets[u + 1] - offsets[u])
                unlink(u)
                label[u] = min(lowest, n)
                current[u] = offsets[u]
                if label[u] < n { link(u) }
                // Gap: no node left at the old label, so nothing above it reaches the sink.
                if first[old] < 0 && old < n {
                    for l in (old + 1)..<n {
                        var v = first[l]
                        while v >= 0 {
                            let following = next[v]
                            label[v] = n
                            v = following
                        }
                        first[l] = -1
                        active[l].removeAll(keepingCapacity: true)
                    }
                    if label[u] < n { unlink(u); label[u] = n }
                }
            }
            if isActive(u) {
                active[label[u]].append(u)
                highest = max(highest, label[u])
            }
        }
    }
}
