import Testing

@testable import ClickHouseStore

@Suite struct TabSeparatedTests {
    @Test func fieldsRoundTrip() {
        let values: [String?] = ["plain", "tab\there", "two\nlines", "back\\slash", "cr\r", "nul\0", "", nil, "\\N", "quote'"]
        let line = values.map(TabSeparated.field).joined(separator: "\t")
        #expect(!line.contains("\n"))
        #expect(TabSeparated.rows(line + "\n") == [values])
    }

    @Test func clickHouseEscapesAreRead() {
        #expect(TabSeparated.rows("a\\'b\t\\N\tx\\by\n") == [["a'b", nil, "x\u{8}y"]])
        #expect(TabSeparated.rows("1\n2\n") == [["1"], ["2"]])
        #expect(TabSeparated.rows("").isEmpty)
    }
}
