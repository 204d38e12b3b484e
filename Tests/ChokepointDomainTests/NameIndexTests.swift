@testable import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

@Suite struct NameIndexTests {
    @Test func foldsVietnameseDiacriticsAndSpacing() {
        #expect(NameIndex.fold("Nghệ An") == "nghean")
        #expect(NameIndex.fold("Nghe-An") == "nghean")
        #expect(NameIndex.fold("Điện Biên") == "dienbien")
        #expect(NameIndex.fold("Ðong Tháp") == "dongthap")
        #expect(NameIndex.fold("Hủa Phăn") == "huaphan")
    }

    /// The ASCII fast path folds exactly as Foundation does: every name and alias of the
    /// bundled GeoData, and every printable ASCII character alone and in context.
    @Test func asciiFastPathAgreesWithFoundation() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (b, _) = BundleReader(
            directory: root.appendingPathComponent("GeoData/mekong").path, proj: try PROJContext(), geos: try GEOSContext()
        ).read()
        var names = b.places.flatMap { [$0.id, $0.name] + $0.aliases } + b.crossings.flatMap { [$0.id, $0.name] }
        names += b.provinces.flatMap { [$0.id, $0.name] + $0.aliases } + b.gazetteer.flatMap { [$0.name] + $0.aliases }
        names += (0x20..<0x7F).map { String(UnicodeScalar(UInt8($0))) }
        names += (0x20..<0x7F).map { "Ban \(UnicodeScalar(UInt8($0)))-Na 12" }
        #expect(names.count > 7000)
        #expect(names.contains { $0.utf8.allSatisfy { $0 < 0x80 } } && names.contains { $0.utf8.contains { $0 >= 0x80 } })
        for name in names { #expect(NameIndex.fold(name) == NameIndex.foldedByFoundation(name), "\(name)") }
    }
}
