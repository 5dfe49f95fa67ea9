import Beacon

/// Writes results as api_v3's JSON (format 1): objects without their null properties and with
/// `objectType` last, arrays as arrays, errors as `KalturaAPIException` objects.
enum JSONWriter {
    static func document(_ result: APIResult) -> String {
        var out = ""
        write(result, into: &out)
        return out
    }

    static func write(_ result: APIResult, into out: inout String) {
        switch result {
        case .object(let type, let properties):
            out += "{"
            for property in properties {
                guard let value = property.value else { continue }
                out += "\(quote(property.name)):"
                write(value, into: &out)
                out += ","
            }
            out += "\"objectType\":\(quote(type))}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .string(let text):
            out += quote(text)
        case .integer(let number):
            out += String(number)
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .void:
            out += "null"
        case .error(let error):
            out += "{\"code\":\(quote(error.code)),\"message\":\(quote(error.message)),\"objectType\":\"KalturaAPIException\",\"args\":"
            if error.arguments.isEmpty {
                out += "[]"
            } else {
                out += "{" + error.arguments.map { "\(quote($0.name)):\(quote($0.value))" }.joined(separator: ",") + "}"
            }
            out += "}"
        }
    }

    static func quote(_ text: String) -> String { JSONValue.quote(text) }
}
