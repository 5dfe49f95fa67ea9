import Beacon
import Foundation

/// A request parameter as Kaltura's deserializer sees it: a scalar (always text on the wire),
/// an object of named values, an array, or an explicit null (`name__null`).
public enum APIValue: Sendable, Equatable {
    case string(String)
    case object([String: APIValue])
    case array([APIValue])
    case null

    public var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var object: [String: APIValue]? {
        if case .object(let values) = self { return values }
        return nil
    }

    /// Later values win; objects merge key by key, as PHP's recursive array merge of the sources does.
    public func merged(with other: APIValue) -> APIValue {
        guard case .object(var mine) = self, case .object(let theirs) = other else { return other }
        for (key, value) in theirs { mine[key] = mine[key].map { $0.merged(with: value) } ?? value }
        return .object(mine)
    }
}

/// Builds parameter trees from the three places Kaltura reads them: path pairs, query and body.
public enum APIParameterParser {
    /// Flat `name=value` pairs, where `a:b` nests and `name__null` is a null.
    public static func tree(pairs: [(String, String)]) -> [String: APIValue] {
        var root = APIValue.object([:])
        for (key, value) in pairs {
            var path = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var leaf = APIValue.string(value)
            if let last = path.last, last.hasSuffix("__null") {
                path[path.count - 1] = String(last.dropLast("__null".count))
                leaf = .null
            }
            guard !path.isEmpty, !path.contains(where: \.isEmpty) else { continue }
            root = root.merged(with: path.reversed().reduce(leaf) { child, name in .object([name: child]) })
        }
        return root.object ?? [:]
    }

    /// A JSON body. Scalars become text (`true` → "1", as PHP casts it); `name__null` keys become nulls.
    public static func tree(json data: Data) throws(APIError) -> [String: APIValue] {
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: data), let object = convert(parsed).object else {
            throw APIError.invalidJSON
        }
        return object
    }

    private static func convert(_ value: JSONValue) -> APIValue {
        switch value {
        case .object(let members):
            var object: [String: APIValue] = [:]
            for (key, child) in members {
                if key.hasSuffix("__null") {
                    object[String(key.dropLast("__null".count))] = .null
                } else if key != "-" {
                    // The client sends an empty array as {"-": ""}.
                    object[key] = convert(child)
                }
            }
            return .object(object)
        case .array(let items): return .array(items.map(convert))
        case .bool(let flag): return .string(flag ? "1" : "0")
        case .integer(let number): return .string(String(number))
        case .number(let number): return .string(String(number))
        case .string(let text): return .string(text)
        case .null: return .null
        }
    }
}
