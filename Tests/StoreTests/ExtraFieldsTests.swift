import Foundation
import Store
import Testing

/// The extra fields of a beacon are stored as JSON written by hand; any JSON reader must get them back.
@Suite struct ExtraFieldsTests {
    @Test func awkwardTextRoundTrips() throws {
        let extra = [
            "quote": "say \"hi\"", "slash": "a\\b/c", "lines": "one\ntwo\r\tend", "control": "\u{1}\u{1F}",
            "unicode": "Zürich 東京 🎥", "empty": "", "zz": "last",
        ]
        let json = try #require(SQLColumns.encodeExtra(extra))
        #expect(SQLColumns.decodeExtra(json) == extra)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(parsed == extra)
        // Sorted keys: the same fields always give the same text.
        #expect(json.hasPrefix("{\"control\":") && json.hasSuffix("\"zz\":\"last\"}"))
    }

    @Test func noFieldsStoreNothing() {
        #expect(SQLColumns.encodeExtra([:]) == nil)
        #expect(SQLColumns.decodeExtra(nil).isEmpty)
    }
}
