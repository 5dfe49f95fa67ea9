/// Writes results in api_v3's XML envelope, the only format the official Python client reads:
/// `<xml><result>…</result><executionTime>…</executionTime></xml>`.
enum XMLWriter {
    static func document(_ result: APIResult, executionTime: Double) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>"
        write(result, into: &out)
        out += "</result><executionTime>\(ExecutionTime.format(executionTime))</executionTime></xml>"
        return out
    }

    /// The content of an element holding `result` (the `<result>` or an `<item>`).
    static func write(_ result: APIResult, into out: inout String) {
        switch result {
        case .object(let type, let properties):
            out += "<objectType>\(escape(type))</objectType>"
            for property in properties {
                out += "<\(property.name)>"
                if let value = property.value { write(value, into: &out) }
                out += "</\(property.name)>"
            }
        case .array(let items):
            for item in items {
                out += "<item>"
                write(item, into: &out)
                out += "</item>"
            }
        case .string(let text):
            out += escape(text)
        case .integer(let number):
            out += String(number)
        case .bool(let flag):
            out += flag ? "1" : "0"
        case .void:
            break
        case .error(let error):
            out += "<error><code>\(escape(error.code))</code><message>\(escape(error.message))</message>"
            out += "<objectType>KalturaAPIException</objectType><args>"
            for argument in error.arguments {
                out += "<item><objectType>KalturaApiExceptionArg</objectType>"
                out += "<name>\(escape(argument.name))</name><value>\(escape(argument.value))</value></item>"
            }
            out += "</args></error>"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
            case "\u{9}", "\u{A}", "\u{D}": out.unicodeScalars.append(character)
            default:
                if character.value >= 0x20 && !(0xFFFE...0xFFFF).contains(character.value) { out.unicodeScalars.append(character) }
            }
        }
        return out
    }
}

/// `<executionTime>` as seconds with six decimals.
enum ExecutionTime {
    static func format(_ seconds: Double) -> String {
        let micro = Int64((max(0, seconds) * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let fraction = micro % 1_000_000
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
