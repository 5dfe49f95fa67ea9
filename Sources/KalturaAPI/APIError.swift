import Foundation

/// A `KalturaAPIException`: Kaltura's code, its named arguments and its message, as
/// api_v3/lib/KalturaErrors.php defines them.
public struct APIError: Error, Sendable, Equatable {
    public var code: String
    public var arguments: [Argument]
    public var message: String

    public struct Argument: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// Builds an error from Kaltura's template, replacing `@NAME@` with each argument.
    init(_ code: String, _ arguments: [(String, String)] = [], template: String) {
        self.code = code
        self.arguments = arguments.map { Argument(name: $0.0, value: $0.1) }
        var message = template
        for (name, value) in arguments { message = message.replacingOccurrences(of: "@\(name)@", with: value) }
        self.message = message
    }

    public static let missingKS = APIError("MISSING_KS", template: "Missing KS, session not established")
    public static let internalError = APIError("INTERNAL_SERVERL_ERROR", template: "Internal server error occurred")
    public static let invalidJSON = APIError("INVALID_JSON", template: "The request body is not valid JSON")
    public static let searchTooGeneral = APIError(
        "SEARCH_TOO_GENERAL",
        template: "Unable to create report. Query produced too many results"
    )

    public static func invalidKS(_ ks: String, _ reason: SessionRejection) -> APIError {
        APIError(
            "INVALID_KS",
            [("KSID", ks), ("ERR_CODE", String(reason.code)), ("ERR_DESC", reason.description)],
            template: "Invalid KS \"@KSID@\", Error \"@ERR_CODE@,@ERR_DESC@\""
        )
    }

    public static func missingParameter(_ name: String) -> APIError {
        APIError("MISSING_MANDATORY_PARAMETER", [("PARAM_NAME", name)], template: "Missing parameter \"@PARAM_NAME@\"")
    }

    public static func invalidEnumValue(_ value: String, parameter: String, type: String) -> APIError {
        APIError(
            "INVALID_ENUM_VALUE",
            [("ENUM_VAL", value), ("PARAM_NAME", parameter), ("ENUM_TYPE", type)],
            template: "Invalid enumeration value \"@ENUM_VAL@\" for parameter \"@PARAM_NAME@\", expecting enumeration type \"@ENUM_TYPE@\""
        )
    }

    public static func serviceDoesNotExist(_ service: String) -> APIError {
        APIError("SERVICE_DOES_NOT_EXISTS", [("SRV_NAME", service)], template: "Service \"@SRV_NAME@\" does not exists")
    }

    public static func actionDoesNotExist(_ action: String, service: String) -> APIError {
        APIError(
            "ACTION_DOES_NOT_EXISTS",
            [("ACTION_NAME", action), ("SERVICE_NAME", service)],
            template: "Action \"@ACTION_NAME@\" does not exists for service \"@SERVICE_NAME@\""
        )
    }

    public static func serviceForbidden(_ service: String) -> APIError {
        APIError("SERVICE_FORBIDDEN", [("SERVICE", service)], template: "The access to service [@SERVICE@] is forbidden")
    }

    public static func startSessionError(_ partnerId: String) -> APIError {
        APIError("START_SESSION_ERROR", [("PID", partnerId)], template: "Error while starting session for partner [@PID@]")
    }

    /// A scalar that is not of the declared type, e.g. `pageSize=ten`.
    public static func invalidValue(_ name: String, expected: String) -> APIError {
        APIError(
            "PROPERTY_VALIDATION_WRONG_FORMAT",
            [("PROP_NAME", name), ("FORMAT", expected)],
            template: "The property \"@PROP_NAME@\" must match format @FORMAT@"
        )
    }

    public static func fileNotFound(_ id: String) -> APIError {
        APIError("FILE_DOESNT_EXIST", [("FILE_NAME", id)], template: "File \"@FILE_NAME@\" doesn't exist or has expired")
    }

    public static func requestTooLarge(limit: Int) -> APIError {
        APIError("REQUEST_TOO_LARGE", [("LIMIT", String(limit))], template: "The request body is larger than @LIMIT@ bytes")
    }

    public static let serviceNotSpecified = APIError(
        "SERVICE_NOT_SPECIFIED",
        template: "Service name was not specified, please specify one"
    )
    public static let actionNotSpecified = APIError("ACTION_NOT_SPECIFIED", template: "Action name was not specified, please specify one")
}
