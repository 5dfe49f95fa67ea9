/// SQL literals for ClickHouse. Debian's ClickHouse 18.16 has no query parameters, so every value a
/// request carries reaches the SQL text through these functions and nowhere else.
enum ClickHouseLiteral {
    /// A quoted string literal: backslash and quote are escaped, so no value can end the literal.
    static func string(_ value: String) -> String {
        "'" + TabSeparated.escape(value, quote: true) + "'"
    }

    static func integer(_ value: some BinaryInteger) -> String { String(value) }

    /// A finite number; anything else would not be a literal, so it becomes 0 (queries never carry one).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// `expression IN (…)` for a list of quoted literals; an empty list matches nothing.
    static func isIn(_ expression: String, _ literals: [String]) -> String {
        literals.isEmpty ? "0" : "\(expression) IN (\(literals.sorted().joined(separator: ", ")))"
    }
}
