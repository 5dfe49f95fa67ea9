/// Why a beacon (or a whole request) was not accepted. The raw value is the `reason` label
/// in `/metrics` and in error bodies, so it must stay stable.
public enum RejectionReason: String, Sendable, CaseIterable, Codable {
    case missingField = "missing_field"
    case invalidType = "invalid_type"
    case outOfRange = "out_of_range"
    case invalidValue = "invalid_value"
    case unknownEventType = "unknown_event_type"
    case tooLong = "too_long"
    case invalidJSON = "invalid_json"
    case unsupportedContentType = "unsupported_content_type"
    case bodyTooLarge = "body_too_large"
    case untrustedField = "untrusted_field"
    case unauthorized = "unauthorized"
    case overloaded = "overloaded"
}

/// A beacon that failed validation: which field, why, and a sentence a developer can act on.
public struct BeaconRejection: Error, Sendable, Equatable, Codable {
    public var field: String?
    public var reason: RejectionReason
    public var message: String

    public init(field: String?, reason: RejectionReason, message: String) {
        self.field = field
        self.reason = reason
        self.message = message
    }
}
