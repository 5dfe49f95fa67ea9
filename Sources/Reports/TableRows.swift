/// A table's rows before they are printed: text columns, then numbers, read through closures. A
/// user list has 100,000 rows and a page of 500: sorting computes one column of every row, and
/// only the page is printed.
struct TableRows: Sendable {
    var header: [String]
    var count: Int
    /// How many columns, from the first, are text.
    var labelWidth: Int
    var label: @Sendable (_ row: Int, _ column: Int) -> String
    /// `column` counts from the first numeric column.
    var number: @Sendable (_ row: Int, _ column: Int) -> Double
    /// Date tables sort their date labels as numbers.
    var numericLabels = false

    /// The first `limit` row indices by `order` (`+header` ascending, `-header` or `header`
    /// descending), falling back to the report's default order (descending) when the header is
    /// not one of the table's. Ties keep the store's order, which is by dimension values.
    func order(_ order: String?, fallback: String?, limit: Int = .max) -> [Int] {
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
        guard let column else { return Array(0..<min(count, limit)) }
        if column >= labelWidth {
            // A value that prints as "0" (not finite) sorts as 0.
            let keys = (0..<count).map { row in
                let value = number(row, column - labelWidth)
                return value.isFinite ? value : 0
            }
            return Self.first(limit, of: keys, descending: descending)
        }
        if numericLabels {
            return Self.first(limit, of: (0..<count).map { Double(label($0, column)) ?? 0 }, descending: descending)
        }
        let labels = (0..<count).map { label($0, column) }
        let sorted = labels.indices.sorted { lhs, rhs in
            if labels[lhs] != labels[rhs] { return descending ? labels[rhs] < labels[lhs] : labels[lhs] < labels[rhs] }
            return lhs < rhs
        }
        return Array(sorted.prefix(limit))
    }

    /// The given rows, printed as Kaltura prints them.
    func printed(_ rows: some Collection<Int>, totalCount: Int) -> ReportTable {
        let numbers = header.count - labelWidth
        return ReportTable(
            header: header,
            rows: rows.map { row in
                (0..<labelWidth).map { label(row, $0) } + (0..<numbers).map { PHPNumber.format(number(row, $0)) }
            },
            totalCount: totalCount
        )
    }
}
