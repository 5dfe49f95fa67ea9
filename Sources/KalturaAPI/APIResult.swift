/// What an action returns, before it is written as XML or JSON.
public indirect enum APIResult: Sendable, Equatable {
    /// A Kaltura object: its class name and its properties in declaration order (nil = null).
    case object(type: String, properties: [Property])
    case array([APIResult])
    case string(String)
    case integer(Int64)
    case bool(Bool)
    /// An action without a return value (`session.end`).
    case void
    case error(APIError)

    public struct Property: Sendable, Equatable {
        public var name: String
        public var value: APIResult?

        public init(_ name: String, _ value: APIResult?) {
            self.name = name
            self.value = value
        }
    }

    /// Text of the result or of one of its properties, for multirequest references `{1:result:prop}`.
    func text(at path: ArraySlice<String>) -> String? {
        guard let name = path.first else {
            switch self {
            case .string(let text): return text
            case .integer(let number): return String(number)
            case .bool(let flag): return flag ? "1" : "0"
            default: return nil
            }
        }
        switch self {
        case .object(_, let properties):
            return properties.first { $0.name == name }?.value?.text(at: path.dropFirst())
        case .array(let items):
            guard let index = Int(name), items.indices.contains(index) else { return nil }
            return items[index].text(at: path.dropFirst())
        default:
            return nil
        }
    }
}

/// The two response formats of api_v3.
public enum ResponseFormat: Sendable {
    case json
    case xml

    /// `format=1` is JSON; 2 (the default) and anything else is XML.
    public init(parameter: String?) {
        self = parameter == "1" ? .json : .xml
    }

    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .xml: "text/xml"
        }
    }
}
