import ChokepointSupport
import Foundation
import Testing

/// What an interrupted run removes: the unfinished files, never a finished one. Serialized:
/// the registry is one per process.
@Suite(.serialized) struct TemporaryFilesTests {
    @Test func unfinishedOutputsAreRemovedAndFinishedOnesKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-tmp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let finished = try AtomicFileWriter(destination: dir + "/done.csv")
        try finished.write("a,b\n")
        try finished.commit()
        #expect(!TemporaryFiles.registered.contains(finished.temporaryPath))

        let open = try AtomicFileWriter(destination: dir + "/half.geojson")
        try open.write("{\"type\":\"FeatureCollection\",")
        #expect(TemporaryFiles.registered.contains(open.temporaryPath))
        #expect(FileManager.default.fileExists(atPath: open.temporaryPath))

        #expect(TemporaryFiles.removeAll() >= 1)
        #expect(!FileManager.default.fileExists(atPath: open.temporaryPath))
        #expect(!FileManager.default.fileExists(atPath: dir + "/half.geojson"))
        #expect(FileManager.default.fileExists(atPath: dir + "/done.csv"))
        #expect(TemporaryFiles.registered.isEmpty)
    }

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-set-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func text(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    /// A manifest naming the files, as OutputManifest's `files[].name`.
    static func manifest(_ files: [String]) -> [UInt8] {
        let names = files.map { "{\"name\":\"\(($0 as NSString).lastPathComponent)\"}" }
        return Array("{\"files\":[\(names.joined(separator: ","))]}\n".utf8)
    }

    @Test func aSetReplacesThePreviousOneAndLeavesOtherFilesAlone() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in [("a.csv", "old a"), ("b.csv", "old b"), ("notes.txt", "mine")] {
            try AtomicFileWriter.write(Array(text.utf8), to: "\(dir)/\(name)")
        }
        try AtomicFileWriter.write(Self.manifest(["a.csv", "b.csv"]), to: "\(dir)/manifest.json")

        let written = try OutputSet.write(into: dir, manifestName: "manifest.json", manifest: Self.manifest) {
            try AtomicFileWriter.write(Array("new a".utf8), to: "\(dir)/a.csv")
            // Nothing is in place until the whole set is written.
            #expect(Self.text("\(dir)/a.csv") == "old a")
            #expect(Self.text("\(dir)/manifest.json") != nil)
            try AtomicFileWriter.write(Array("new c".utf8), to: "\(dir)/c.csv")
        }
        #expect(written == ["\(dir)/a.csv", "\(dir)/c.csv"])
        #expect(Self.text("\(dir)/a.csv") == "new a" && Self.text("\(dir)/c.csv") == "new c")
        // b.csv was the previous set's and is not this one's; notes.txt was never ours.
        #expect(Self.text("\(dir)/b.csv") == nil)
        #expect(Self.text("\(dir)/notes.txt") == "mine")
        #expect(Self.text("\(dir)/manifest.json") == #"{"files":[{"name":"a.csv"},{"name":"c.csv"}]}"# + "\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["a.csv", "c.csv", "manifest.json", "notes.txt"])
    }

    struct Stop: Error {}

    @Test func aFailedOrInterruptedSetLeavesThePreviousOneWhole() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFileWriter.write(Array("old a".utf8), to: "\(dir)/a.csv")
        try AtomicFileWriter.write(Self.manifest(["a.csv"]), to: "\(dir)/manifest.json")

        #expect(throws: Stop.self) {
            try OutputSet.write(into: dir, manifestName: "manifest.json", manifest: Self.manifest) {
                try AtomicFileWriter.write(Array("new a".utf8), to: "\(dir)/a.csv")
                throw Stop()
            }
        }
        var left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["a.csv", "manifest.json"])
        #expect(Self.text("\(dir)/a.csv") == "old a")

        // An interruption before the commit: the staged file is still registered, so the
        // signal handler's removeAll takes it.
        try? OutputSet.write(into: dir, manifestName: "manifest.json", manifest: Self.manifest) {
            try AtomicFileWriter.write(Array("new a".utf8), to: "\(dir)/a.csv")
            let staged = TemporaryFiles.registered.filter { $0.hasPrefix(dir) }
            #expect(staged.count == 1)
            TemporaryFiles.removeAll()
            throw Stop()
        }
        left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["a.csv", "manifest.json"])
        #expect(Self.text("\(dir)/a.csv") == "old a")
    }

    /// Jobs on the background writer join the set that was current when they were handed
    /// over (a task local does not cross into a Dispatch thread by itself), run in order,
    /// and the first failure comes back from `wait` with the later jobs skipped.
    @Test func backgroundJobsJoinTheSetAndReportTheirFailure() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try OutputSet.write(into: dir, manifestName: "manifest.json", manifest: Self.manifest) {
            let background = BackgroundWriter()
            for k in 0..<20 {
                background.run { try AtomicFileWriter.write(Array("\(k)".utf8), to: "\(dir)/f\(k).csv") }
            }
            // Appends in order: each job sees the ones before it.
            background.run { try AtomicFileWriter.write(Array("last".utf8), to: "\(dir)/f19.csv") }
            try background.wait()
            // Staged, not yet in place: the set commits only after the body returns.
            #expect(Self.text("\(dir)/f0.csv") == nil)
        }
        #expect(written.count == 20)
        #expect(Self.text("\(dir)/f7.csv") == "7" && Self.text("\(dir)/f19.csv") == "last")
        #expect(Self.text("\(dir)/manifest.json")?.contains("f19.csv") == true)

        let failing = BackgroundWriter()
        failing.run { throw Stop() }
        failing.run { try AtomicFileWriter.write(Array("late".utf8), to: "\(dir)/late.csv") }
        #expect(throws: Stop.self) { try failing.wait() }
        #expect(throws: Stop.self) { try failing.checkFailure() }
        #expect(Self.text("\(dir)/late.csv") == nil)
    }
}
