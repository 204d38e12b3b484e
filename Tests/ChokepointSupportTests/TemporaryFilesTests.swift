import ChokepointSupport
import Foundation
import Testing

/// What an interrupted run removes: the unfinished files, never a finished one.
@Suite struct TemporaryFilesTests {
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
}
