/// Turns a parameter bag into a ``Beacon`` or a ``BeaconRejection`` that names the field and the reason.
///
/// ```swift
/// let beacon = try BeaconValidator.validate(BeaconParameters(["eventType": "99", ...]))
/// ```
public enum BeaconValidator {
    public static let maxIdBytes = 64
    public static let maxSessionIdBytes = 128

    public static func validate(_ parameters: BeaconParameters) throws(BeaconRejection) -> Beacon {
        let eventType = try requiredEventType(parameters)
        let partnerId = try requiredInteger("partnerId", parameters, in: 1...Int64(Int32.max))
        let entryId = try requiredIdentifier("entryId", parameters, maxBytes: maxIdBytes)
        let sessionId = try requiredIdentifier("sessionId", parameters, maxBytes: maxSessionIdBytes)

        var fields: [String: BeaconValue] = [:]
        for (name, raw) in parameters.values where !raw.isEmpty {
            guard var rule = BeaconSchema.rulesByName[name] else { continue }
            if let events = rule.events, !events.contains(eventType) { continue }
            if eventType == .view, name == BeaconSchema.viewBufferTime.name { rule = BeaconSchema.viewBufferTime }
            fields[name] = try value(raw, rule: rule, eventType: eventType)
        }
        return Beacon(eventType: eventType, partnerId: Int(partnerId), entryId: entryId, sessionId: sessionId, fields: fields)
    }

    private static func requiredEventType(_ parameters: BeaconParameters) throws(BeaconRejection) -> EventType {
        let raw = try required("eventType", parameters)
        guard let number = Int(raw) else {
            throw BeaconRejection(field: "eventType", reason: .invalidType, message: "eventType: expected an integer, got \(quoted(raw))")
        }
        guard let eventType = EventType(rawValue: number) else {
            throw BeaconRejection(field: "eventType", reason: .unknownEventType, message: "eventType: \(number) is not a known event type")
        }
        return eventType
    }

    private static func requiredInteger(
        _ name: String,
        _ parameters: BeaconParameters,
        in range: ClosedRange<Int64>
    ) throws(BeaconRejection) -> Int64 {
        let raw = try required(name, parameters)
        guard case .integer(let value) = try value(raw, rule: FieldRule(name, .integer(range)), eventType: nil) else {
            preconditionFailure("an integer rule yields an integer")
        }
        return value
    }

    private static func requiredIdentifier(_ name: String, _ parameters: BeaconParameters, maxBytes: Int) throws(BeaconRejection) -> String {
        let raw = try required(name, parameters)
        try checkLength(raw, name: name, maxBytes: maxBytes)
        guard raw.utf8.allSatisfy(isIdentifierByte) else {
            throw BeaconRejection(
                field: name,
                reason: .invalidValue,
                message: "\(name): only letters, digits and . _ - : are allowed, got \(quoted(raw))"
            )
        }
        return raw
    }

    private static func required(_ name: String, _ parameters: BeaconParameters) throws(BeaconRejection) -> String {
        guard let raw = parameters[name], !raw.isEmpty else {
            throw BeaconRejection(field: name, reason: .missingField, message: "\(name): required")
        }
        return raw
    }

    static func value(_ raw: String, rule: FieldRule, eventType: EventType?) throws(BeaconRejection) -> BeaconValue {
        let name = rule.name
        let scope = eventType.map { " for \($0.name)" } ?? ""
        switch rule.kind {
        case .integer(let range):
            guard let value = Int64(raw) else {
                throw BeaconRejection(field: name, reason: .invalidType, message: "\(name): expected an integer, got \(quoted(raw))")
            }
            guard range.contains(value) else {
                throw BeaconRejection(field: name, reason: .outOfRange, message: "\(name): \(value) is outside \(describe(range))\(scope)")
            }
            return .integer(value)
        case .number(let range):
            guard let value = Double(raw), value.isFinite else {
                throw BeaconRejection(field: name, reason: .invalidType, message: "\(name): expected a number, got \(quoted(raw))")
            }
            guard range.contains(value) else {
                throw BeaconRejection(field: name, reason: .outOfRange, message: "\(name): \(raw) is outside \(describe(range))\(scope)")
            }
            return .number(value)
        case .choice(let allowed):
            guard allowed.contains(raw) else {
                throw BeaconRejection(
                    field: name,
                    reason: .invalidValue,
                    message: "\(name): must be one of \(allowed.joined(separator: "|")), got \(quoted(raw))"
                )
            }
            return .text(raw)
        case .text(let maxBytes):
            try checkLength(raw, name: name, maxBytes: maxBytes)
            return .text(raw)
        }
    }

    private static func checkLength(_ raw: String, name: String, maxBytes: Int) throws(BeaconRejection) {
        let bytes = raw.utf8.count
        guard bytes <= maxBytes else {
            throw BeaconRejection(field: name, reason: .tooLong, message: "\(name): \(bytes) bytes, the limit is \(maxBytes)")
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// Quotes a rejected value for an error message, cut short so a 1 MB value does not come back whole.
    public static func quoted(_ raw: String) -> String {
        let limit = 40
        return raw.count <= limit ? "\"\(raw)\"" : "\"\(raw.prefix(limit))…\""
    }

    private static func describe(_ range: ClosedRange<Int64>) -> String {
        range.upperBound == Int64.max ? "≥ \(range.lowerBound)" : "\(range.lowerBound)…\(range.upperBound)"
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        func plain(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
        if range.upperBound == .greatestFiniteMagnitude {
            return range.lowerBound == -.greatestFiniteMagnitude ? "the finite numbers" : "≥ \(plain(range.lowerBound))"
        }
        return "\(plain(range.lowerBound))…\(plain(range.upperBound))"
    }
}
