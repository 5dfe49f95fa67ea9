import Foundation

/// The flat name → value bag a beacon arrives as, whatever its transport.
///
/// KAVA sends some parameters in the query string and the rest in a JSON body; GET beacons and
/// form posts carry everything as strings. Nested objects become `a:b` keys, the way the player
/// encodes them on GET, so validation sees one shape.
public struct BeaconParameters: Sendable, Equatable {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Adds `other`'s values; where both have a name, `other` wins (a body overrides the query string).
    public mutating func merge(_ other: BeaconParameters) {
        values.merge(other.values) { _, new in new }
    }

    /// Pairs as a router hands them over (already percent-decoded).
    public init(pairs: some Sequence<(String, String)>) {
        var values: [String: String] = [:]
        for (name, value) in pairs { values[name] = value }
        self.values = values
    }

    /// An `application/x-www-form-urlencoded` body.
    public init(formEncoded body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.formDecode(parts[0])
            guard !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? Self.formDecode(parts[1]) : ""
        }
        self.values = values
    }

    /// One JSON object; nested objects are flattened to `a:b`, arrays of scalars joined by commas.
    public init(json bytes: some Collection<UInt8>) throws(BeaconRejection) {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw BeaconRejection(field: nil, reason: .invalidJSON, message: "body: not valid JSON")
        }
        guard case .object(let members) = value else {
            throw BeaconRejection(field: nil, reason: .invalidJSON, message: "body: expected a JSON object")
        }
        var values: [String: String] = [:]
        Self.flatten(members, prefix: "", into: &values)
        self.values = values
    }

    private static func flatten(_ members: [String: JSONValue], prefix: String, into values: inout [String: String]) {
        for (key, member) in members {
            let name = prefix.isEmpty ? key : prefix + ":" + key
            switch member {
            case .null: continue
            case .object(let nested): flatten(nested, prefix: name, into: &values)
            case .array(let items): values[name] = items.compactMap(\.scalarText).joined(separator: ",")
            default: values[name] = member.scalarText
            }
        }
    }

    /// `+` is a space and `%XX` a byte; text with a broken escape or bytes that are not UTF-8 is
    /// kept as sent (spaces restored). Works on bytes: every beacon's query string passes here.
    static func formDecode(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        func asSent() -> String { String(decoding: utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let low = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), low != utf8.endIndex,
                    let high = hexValue(utf8[index]), let lowValue = hexValue(utf8[low])
                else { return asSent() }
                bytes.append(high << 4 | lowValue)
                index = utf8.index(after: low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? asSent()
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Just enough JSON to flatten a beacon body without losing how numbers were written.
/// Any JSON document, decoded without losing the difference between integers, numbers and text.
public enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let object = try? container.decode([String: JSONValue].self) {
            self = .object(object)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): value
        case .null, .array, .object: nil
        }
    }
}

extension JSONValue {
    /// `text` as a JSON string literal, with the escapes JSON requires and nothing else.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
