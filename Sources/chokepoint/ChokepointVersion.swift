/// The tool's version, printed by `--version` and written into every export's metadata.
enum ChokepointVersion {
    static let string = "0.2.0"
}
