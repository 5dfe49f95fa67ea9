/// ClickHouse's TabSeparated format: one row per line, fields split by tabs, `\N` for NULL and
/// backslash escapes inside fields.
enum TabSeparated {
    static let null = "\\N"

    /// The field for an optional value, escaped.
    static func field(_ value: String?) -> String {
        value.map { escape($0) } ?? null
    }

    /// Backslash escapes for the characters that would end a field or a line, and with `quote` the
    /// quote that would end a string literal: ClickHouse reads the same escapes in both.
    static func escape(_ value: String, quote: Bool = false) -> String {
        let special = value.utf8.contains { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0 || (quote && $0 == 0x27) }
        guard special else { return value }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\0": escaped += "\\0"
            case "'" where quote: escaped += "\\'"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The rows of a TabSeparated body: fields unescaped, `nil` for NULL.
    static func rows(_ text: String) -> [[String?]] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { raw in
                raw == "\\N" ? nil : unescape(raw)
            }
        }
    }

    static func unescape(_ raw: Substring) -> String {
        guard raw.contains("\\") else { return String(raw) }
        var result = ""
        var escaping = false
        for character in raw.unicodeScalars {
            if escaping {
                switch character {
                case "t": result += "\t"
                case "n": result += "\n"
                case "r": result += "\r"
                case "0": result += "\0"
                case "b": result += "\u{8}"
                case "f": result += "\u{c}"
                default: result.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
