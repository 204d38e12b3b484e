import ArgumentParser
import ChokepointSupport

/// `--encoding` on the commands that read an analyst's seizure file: spreadsheets on
/// Windows save "CSV" in code page 1252, not UTF-8.
extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public var defaultValueDescription: String { rawValue }
}
