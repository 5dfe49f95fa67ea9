/// Typed reads of a call's parameters, with Kaltura's casts: every scalar arrives as text,
/// booleans as "True"/"False"/"1"/"0", and an explicit null reads as absent.
struct Parameters: Sendable {
    var values: [String: APIValue]
    /// Scheme and host the request came to, for URLs the API hands out.
    var origin = ""

    init(_ values: [String: APIValue]) {
        self.values = values
    }

    /// Text of a scalar; nil when absent, null or not a scalar. Empty text counts as absent.
    func string(_ name: String) -> String? {
        guard let text = values[name]?.text, !text.isEmpty else { return nil }
        return text
    }

    func requiredString(_ name: String) throws(APIError) -> String {
        guard let text = string(name) else { throw .missingParameter(name) }
        return text
    }

    func integer(_ name: String) throws(APIError) -> Int64? {
        guard let text = string(name) else { return nil }
        guard
            let number = Int64(text.trimmingSpaces)
                ?? Double(text.trimmingSpaces).flatMap({ $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) : nil })
        else {
            throw .invalidValue(name, expected: "integer")
        }
        return number
    }

    func bool(_ name: String) -> Bool? {
        guard let text = values[name]?.text else { return nil }
        // PHP: strtolower($v) === "false" ? false : (bool)$v
        if text.lowercased() == "false" { return false }
        return !(text.isEmpty || text == "0")
    }

    func object(_ name: String) -> Parameters? {
        values[name]?.object.map(Parameters.init)
    }

    /// The class the caller named for an object parameter.
    var objectType: String? { string("objectType") }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
