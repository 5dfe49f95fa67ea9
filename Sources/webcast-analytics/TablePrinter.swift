/// Prints a report table the way the reporting guide's `printTable` does: the title, a boxed table
/// with centred cells, then the total count; or a note when there is no data.
enum TablePrinter {
    static func render(title: String, header: String, data: String, totalCount: Int?, format: ReportCommand.OutputFormat) -> String {
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = data.split(separator: ";").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        switch format {
        case .json:
            let count = totalCount.map(String.init) ?? "null"
            return "{\"header\": \(JSONText.quote(header)), \"data\": \(JSONText.quote(data)), \"totalCount\": \(count)}"
        case .csv:
            return ([header] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n")
        case .table:
            guard !data.isEmpty else { return "\(title)\nno data. try adjusting the time frame." }
            var widths = columns.map(\.count)
            for row in rows {
                for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
            }
            let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
            func line(_ cells: [String]) -> String {
                "|"
                    + widths.indices.map { column in " " + centred(column < cells.count ? cells[column] : "", width: widths[column]) + " " }
                    .joined(separator: "|") + "|"
            }
            var lines = [title, rule, line(columns), rule]
            lines += rows.map(line)
            lines.append(rule)
            if let totalCount { lines.append(String(totalCount)) }
            return lines.joined(separator: "\n")
        }
    }

    /// PrettyTable's centring: extra space goes to the right.
    static func centred(_ text: String, width: Int) -> String {
        let padding = max(0, width - text.count)
        let left = padding / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: padding - left)
    }
}
