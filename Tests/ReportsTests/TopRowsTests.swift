import Simulator
import Testing

@testable import Reports

/// A page of a large table is chosen without sorting every row: it must be exactly the rows a
/// full sort would put there, ties included.
@Suite struct TopRowsTests {
    /// The reference: every index sorted by key, ties by index.
    static func fullSort(_ keys: [Double], descending: Bool) -> [Int] {
        keys.indices.sorted { lhs, rhs in
            if keys[lhs] != keys[rhs] { return descending ? keys[lhs] > keys[rhs] : keys[lhs] < keys[rhs] }
            return lhs < rhs
        }
    }

    @Test(arguments: [true, false])
    func firstRowsMatchAFullSort(descending: Bool) {
        var generator = SeededRandom(seed: 7)
        // Few distinct values, so that the page's last key is tied with rows before and after it.
        for distinct in [1, 3, 50, 100_000] {
            let keys = (0..<5_000).map { _ in Double(generator.next() % UInt64(distinct)) - 10 }
            let reference = Self.fullSort(keys, descending: descending)
            for limit in [0, 1, 10, 500, 1_249, 1_250, 4_999, 5_000, 9_000] {
                #expect(TableRows.first(limit, of: keys, descending: descending) == Array(reference.prefix(limit)), "\(distinct) \(limit)")
            }
        }
    }

    @Test func selectFindsTheKthSmallest() {
        var generator = SeededRandom(seed: 11)
        let values = (0..<1_001).map { _ in Double(generator.next() % 97) }
        let sorted = values.sorted()
        for k in [0, 1, 500, 999, 1_000] {
            var scratch = values
            #expect(TableRows.select(k, in: &scratch) == sorted[k])
        }
    }

    @Test func pagesOfATableFollowTheOrder() {
        let keys: [Double] = [3, 1, 3, 2, 5, 3, 0, 3]
        let rows = TableRows(
            header: ["name", "value"],
            count: keys.count,
            labelWidth: 1,
            label: { row, _ in "row\(row)" },
            number: { row, _ in keys[row] }
        )
        #expect(rows.order("value", fallback: nil, limit: 3) == [4, 0, 2])
        #expect(rows.order("+value", fallback: nil, limit: 2) == [6, 1])
        #expect(rows.order(nil, fallback: "value") == [4, 0, 2, 5, 7, 3, 1, 6])
        #expect(rows.order("+name", fallback: nil, limit: 2) == [0, 1])
        #expect(rows.order("unknown", fallback: nil, limit: 3) == [0, 1, 2])
    }
}
