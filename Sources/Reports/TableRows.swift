/// A table's rows before they are printed: text columns, then numbers. Sorting reads the numbers
/// and only the rows of the requested page are printed, which matters for user lists of
/// 100,000 rows with a page of 500.
struct TableRows: Sendable {
    var header: [String]
    var labels: [[String]]
    var numbers: [[Double]]
    /// Date tables sort their date labels as numbers.
    var numericLabels = false

    var count: Int { labels.count }

    /// Row indices by `order` (`+header` ascending, `-header` or `header` descending), falling
    /// back to the report's default order (descending) when the header is not one of the table's.
    /// Ties keep the store's order, which is by dimension values.
    func order(_ order: String?, fallback: String?) -> [Int] {
        var descending = true
        var column: Int?
        if var text = order.map({ String($0.filter { $0 != " " }) }), !text.isEmpty {
            // Kaltura sorts descending unless the header is prefixed with "+".
            descending = !text.hasPrefix("+")
            if text.hasPrefix("-") || text.hasPrefix("+") { text.removeFirst() }
            column = header.firstIndex(of: text)
            if column == nil { descending = true }
        }
        if column == nil, let fallback { column = header.firstIndex(of: fallback) }
        guard let column else { return Array(labels.indices) }
        let width = labels.first?.count ?? 0
        if column >= width {
            // A value that prints as "0" (not finite) sorts as 0.
            let keys = numbers.map { $0[column - width].isFinite ? $0[column - width] : 0 }
            return Self.sorted(keys, descending: descending)
        }
        if numericLabels { return Self.sorted(labels.map { Double($0[column]) ?? 0 }, descending: descending) }
        return labels.indices.sorted { lhs, rhs in
            let a = labels[lhs][column]
            let b = labels[rhs][column]
            if a != b { return descending ? b < a : a < b }
            return lhs < rhs
        }
    }

    private static func sorted(_ keys: [Double], descending: Bool) -> [Int] {
        keys.indices.sorted { lhs, rhs in
            if keys[lhs] != keys[rhs] { return descending ? keys[rhs] < keys[lhs] : keys[lhs] < keys[rhs] }
            return lhs < rhs
        }
    }

    /// The given rows, printed as Kaltura prints them.
    func printed(_ rows: some Collection<Int>, totalCount: Int) -> ReportTable {
        ReportTable(header: header, rows: rows.map { labels[$0] + numbers[$0].map(PHPNumber.format) }, totalCount: totalCount)
    }
}
