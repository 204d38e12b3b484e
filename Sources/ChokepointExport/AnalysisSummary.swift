import ChokepointAnalysis
import ChokepointDomain
import Foundation

/// The few lines `chokepoint analyze` prints when it is done: the seizures used, the top
/// crossings and provinces, the best routes, and candidates, controls and the what-if when
/// asked. The same figures as the exports, in words.
public enum AnalysisSummary {
    public static func lines(_ result: AnalysisResult, filesWritten: Int, directory: String) -> [String] {
        let a = result.analysis
        let account = result.seizureAccount
        let filtered = account.filteredOut > 0 ? ", \(account.filteredOut) filtered out" : ""
        var lines = [
            "\(a.bundle.scenario?.name ?? "scenario"): \(account.used) seizures (\(a.seizureSet.merges.count) merges, "
                + "\(account.skippedAsBad) bad rows skipped\(filtered)), demand \(n(a.totalDemand)), unserved \(n(a.unservedDemand))"
        ]
        lines += rankings(a)
        lines += candidates(result) + controls(result) + whatIf(result)
        lines.append("Wrote \(filesWritten) files to \(directory)/")
        return lines
    }

    static func n(_ x: Double) -> String { String(format: "%.0f", x) }

    private static func rankings(_ a: Analysis) -> [String] {
        let b = a.bundle
        let fit = a.fit
        var lines = fit.estimates.map { e in
            let interval = e.low.flatMap { l in e.high.map { String(format: " (95%% %.3g–%.3g)", l, $0) } } ?? ""
            return "Flow model: \(e.parameter.rawValue) \(String(format: "%.3g", e.used))\(interval)"
                + (e.identified ? " estimated from the seizures" : " default (not identified by the seizures)")
        }
        lines.append("Crossings by expected flow (evidence, bias-corrected):")
        for (rank, c) in a.crossings.prefix(8).enumerated() {
            let x = b.crossings[c.index]
            lines.append(
                "  \(rank + 1). \(x.name) [\(x.typeLabel), \(x.countryA)-\(x.countryB)]  flow \(n(c.flow))  evidence \(String(format: "%.1f", c.evidence))"
            )
        }
        lines.append("Provinces by the flow of the routes that pass them:")
        for (rank, p) in a.provinces.prefix(5).enumerated() {
            let name = b.provinces.first { $0.id == p.id }?.name ?? p.id
            lines.append("  \(rank + 1). \(name)  flow \(n(p.flow))  seizures \(p.seizures)")
        }
        lines.append("Routes that carry the most:")
        for r in a.routesInOverallOrder.prefix(5) {
            let via = r.crossings.isEmpty ? "no crossing" : r.crossings.joined(separator: ", ")
            lines.append(
                "  \(r.source) → \(r.target): \(String(format: "%.0f%% of the pair, flow %.0f, %.0f km, %.1f h", 100 * r.share, r.flow, r.lengthKm, r.travelHours)) via \(via)"
            )
        }
        return lines
    }

    private static func candidates(_ result: AnalysisResult) -> [String] {
        guard !result.candidates.isEmpty else { return [] }
        let a = result.analysis
        var lines = ["Unofficial crossing candidates (\(result.candidates.count) generated; targets for patrols):"]
        for c in a.crossings.filter({ a.bundle.crossings[$0.index].isGenerated }).prefix(5) {
            let x = a.bundle.crossings[c.index]
            lines.append(
                "  \(x.id): \(x.nameA) (\(x.countryA)) – \(x.nameB) (\(x.countryB))  flow \(n(c.flow))  evidence \(String(format: "%.1f", c.evidence))"
            )
        }
        return lines
    }

    private static func controls(_ result: AnalysisResult) -> [String] {
        guard !result.controls.isEmpty else { return [] }
        var lines = ["Where one more control would seize most (greedy):"]
        for (rank, c) in result.controls.enumerated() {
            lines.append(
                "  \(rank + 1). \(result.analysis.bundle.node(c.node).name)  flow \(n(c.flowBefore)) → \(n(c.flowAfter)), expected seizure weight +\(String(format: "%.3g", c.marginalSeizures))"
            )
        }
        return lines
    }

    private static func whatIf(_ result: AnalysisResult) -> [String] {
        guard let w = result.whatIf else { return [] }
        let crossings = result.analysis.bundle.crossings
        var lines = [
            "Closing \(w.closed.joined(separator: ", ")): demand cut off \(n(w.unservedBefore)) → \(n(w.unservedAfter)); flow moves to"
        ]
        let gains = crossings.indices.filter { w.after[$0] > w.before[$0] }
            .sorted { (w.after[$1] - w.before[$1], crossings[$0].id) < (w.after[$0] - w.before[$0], crossings[$1].id) }
        for k in gains.prefix(5) { lines.append("  \(crossings[k].name): \(n(w.before[k])) → \(n(w.after[k]))") }
        if gains.isEmpty { lines.append("  (no crossing gains flow)") }
        return lines
    }
}
