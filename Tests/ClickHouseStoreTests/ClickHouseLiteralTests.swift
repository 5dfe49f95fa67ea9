import Testing

@testable import ClickHouseStore

/// Values reach ClickHouse's SQL only through these literals (18.16 has no query parameters).
@Suite struct ClickHouseLiteralTests {
    @Test func stringsCannotEndTheirLiteral() {
        #expect(ClickHouseLiteral.string("plain") == "'plain'")
        #expect(ClickHouseLiteral.string("it's") == "'it\\'s'")
        #expect(ClickHouseLiteral.string("back\\slash") == "'back\\\\slash'")
        #expect(ClickHouseLiteral.string("\\'") == "'\\\\\\''")
        #expect(ClickHouseLiteral.string("a\tb\nc\0") == "'a\\tb\\nc\\0'")
        #expect(ClickHouseLiteral.string("Zürich 東京") == "'Zürich 東京'")
    }

    @Test func everyQuoteInsideALiteralIsEscaped() {
        for value in ["'", "''", "\\'", "x' OR 1=1 --", "'; DROP TABLE beacon; --", "\\\\'"] {
            let literal = ClickHouseLiteral.string(value)
            let inner = Array(literal.dropFirst().dropLast())
            // Walking the literal as ClickHouse does, no unescaped quote appears before its end.
            var index = 0
            while index < inner.count {
                if inner[index] == "\\" {
                    index += 2
                    continue
                }
                #expect(inner[index] != "'", "\(value) → \(literal)")
                index += 1
            }
            #expect(index == inner.count, "\(value) ends inside an escape")
        }
    }

    @Test func numbers() {
        #expect(ClickHouseLiteral.number(0) == "0")
        #expect(ClickHouseLiteral.number(-3) == "-3")
        #expect(ClickHouseLiteral.number(0.25) == "0.25")
        #expect(ClickHouseLiteral.number(.infinity) == "0")
        #expect(ClickHouseLiteral.number(.nan) == "0")
        #expect(ClickHouseLiteral.integer(Int64.min) == "-9223372036854775808")
    }

    @Test func anEmptyListMatchesNothing() {
        #expect(ClickHouseLiteral.isIn("device", []) == "0")
        #expect(ClickHouseLiteral.isIn("device", ["'b'", "'a'"]) == "device IN ('a', 'b')")
    }

    @Test func databaseNamesArePlainIdentifiers() throws {
        #expect(try ClickHouseSchema.identifier("webcast_2") == "webcast_2")
        for bad in ["", "2webcast", "web-cast", "webcast; DROP DATABASE x", "`w`", "wébcast"] {
            #expect(throws: ClickHouseError.self) { try ClickHouseSchema.identifier(bad) }
        }
    }
}
