import ChokepointGeo
import ChokepointSupport
import Foundation

/// A bundle read and passed by `BundleValidator`: what every analysis runs on. Reading and
/// validating here, once, means `analyze`, `evidence`, `seizures` and `simulate` refuse
/// exactly the bundles `chokepoint validate` rejects, with the same problems.
public enum CheckedBundle {
    /// Reads `directory`; with `scenario` (a file) or `overrides`, replaces the bundle's
    /// scenario first, so that the scenario checked is the one the analysis will use.
    public static func read(directory: String, scenario: String? = nil, overrides: [ScenarioOverride] = [],
                            proj: PROJContext, geos: GEOSContext) throws -> NetworkBundle {
        var (bundle, problems) = BundleReader(directory: directory, proj: proj, geos: geos).read()
        if scenario != nil || !overrides.isEmpty {
            let path = scenario ?? (directory as NSString).appendingPathComponent(BundleFile.scenario)
            bundle.scenario = try BundleReader.scenario(path: path, overrides: overrides)
        }
        problems += BundleValidator(geos: geos).validate(bundle)
        guard problems.isEmpty else { throw BundleRejected(directory: directory, problems: problems.sorted()) }
        return bundle
    }
}

/// A bundle that `BundleValidator` (or its reader) rejects: every problem, located.
public struct BundleRejected: Error, CustomStringConvertible {
    public var directory: String
    public var problems: [BundleProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "the bundle \(directory) has \(count) (chokepoint validate lists the same):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
