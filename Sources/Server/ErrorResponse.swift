import Beacon
import Foundation
import Hummingbird

/// The JSON error body every ingestion endpoint answers with: `{"error": {field, reason, message}}`.
enum ErrorResponse {
    struct Body: Encodable {
        var error: BeaconRejection
    }

    static func status(for reason: RejectionReason) -> HTTPResponse.Status {
        switch reason {
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedContentType: .unsupportedMediaType
        case .overloaded: .serviceUnavailable
        case .unauthorized: .unauthorized
        default: .badRequest
        }
    }

    static func make(_ rejection: BeaconRejection, status: HTTPResponse.Status? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if rejection.reason == .overloaded { headers[.retryAfter] = "1" }
        return Response(status: status ?? self.status(for: rejection.reason), headers: headers, body: .init(byteBuffer: json(Body(error: rejection))))
    }

    static func json(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
