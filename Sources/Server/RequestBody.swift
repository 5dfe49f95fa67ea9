import Beacon
import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies with a size limit and a known content type.
enum RequestBody {
    enum Kind {
        case json
        case form
        case ndjson
    }

    /// The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ request: Request) -> String? {
        guard let value = request.headers[.contentType] else { return nil }
        return value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    static func collect(_ request: Request, limit: Int) async throws(BeaconRejection) -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw BeaconRejection(
                field: "body",
                reason: .bodyTooLarge,
                message: "body: larger than the limit of \(limit) bytes; send fewer beacons per request"
            )
        }
    }

    static func unsupported(_ mediaType: String?, expected: String) -> BeaconRejection {
        BeaconRejection(
            field: "Content-Type",
            reason: .unsupportedContentType,
            message: "Content-Type: \(mediaType.map { "\"\($0)\"" } ?? "missing") is not accepted here; send \(expected)"
        )
    }
}
