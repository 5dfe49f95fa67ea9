import Foundation

/// Numbers as Kaltura's PHP API prints them (`precision = 14`): `5`, `0.33333333333333`, `1.0E-5`.
public enum PHPNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == 0 { return "0" }
        // Whole numbers of up to 14 digits print as integers; skipping the formatter matters for
        // tables of 100,000 rows.
        if value.rounded() == value, abs(value) < 1e14 { return String(Int64(value)) }
        let printed = String(format: "%.14G", value)
        guard let exponentIndex = printed.firstIndex(of: "E") else { return printed }
        var mantissa = String(printed[..<exponentIndex])
        if !mantissa.contains(".") { mantissa += ".0" }
        let exponentText = printed[printed.index(after: exponentIndex)...]
        let sign = exponentText.first == "-" ? "-" : "+"
        let digits = exponentText.drop { $0 == "+" || $0 == "-" || $0 == "0" }
        return "\(mantissa)E\(sign)\(digits.isEmpty ? "0" : String(digits))"
    }
}
