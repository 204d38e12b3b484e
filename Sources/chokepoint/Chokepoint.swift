import ArgumentParser
import ChokepointGeo
import Logging

@main
struct Chokepoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chokepoint",
        abstract: "Rank drug-trafficking routes, border crossings and controls from seizure evidence.",
        discussion: """
            Chokepoint works offline: it makes no network calls and writes only the files you name. \
            Coordinates are longitude,latitude in degrees (WGS84) unless a CRS is given.
            """,
        version: ChokepointVersion.string,
        subcommands: [
            Analyze.self, Validate.self, Seizures.self, Evidence.self, Simulate.self, BacktestCommand.self, Paths.self, Centrality.self,
            Cut.self, Interdict.self, Network.self,
            Distance.self, Transform.self, GeoJSONCheck.self,
        ]
    )

    /// The entry point: the linked BLAS's idle threads stopped and interrupt handling set up
    /// first, then the parsed subcommand.
    static func main() {
        LinkedBLAS.stopIdleThreads()
        InterruptCleanup.install()
        main(nil)
    }
}

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log library messages (PROJ, GEOS) to stderr.")
    var verbose = false

    /// Routes swift-log to stderr at the chosen level. Called once per process, by the
    /// subcommand that runs.
    func bootstrapLogging() {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
