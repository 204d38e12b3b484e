import ChokepointDomain
import Testing

@Suite struct NameIndexTests {
    @Test func foldsVietnameseDiacriticsAndSpacing() {
        #expect(NameIndex.fold("Nghệ An") == "nghean")
        #expect(NameIndex.fold("Nghe-An") == "nghean")
        #expect(NameIndex.fold("Điện Biên") == "dienbien")
        #expect(NameIndex.fold("Ðong Tháp") == "dongthap")
        #expect(NameIndex.fold("Hủa Phăn") == "huaphan")
    }
}
