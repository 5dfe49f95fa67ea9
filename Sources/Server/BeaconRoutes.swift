import Beacon
import Foundation
import HTTPTypes
import Hummingbird
import Ingest

/// The player beacon endpoint, where Kaltura's player analytics plugin (KAVA) sends its events:
/// `/api_v3/service/analytics/action/trackEvent` here, and `/api_v3/index.php?service=analytics&action=trackEvent`
/// through ``APIRoutes``, which shares `/api_v3` with the report API.
struct BeaconRoutes {
    let pipeline: IngestPipeline
    let configuration: ServerConfiguration

    /// KAVA's response: `time` becomes the player's `sessionStartTime`; `false` would stop VIEW beacons.
    struct Accepted {
        var time: Int
        var viewEventsEnabled: Bool

        /// Written by hand: every beacon gets this answer, and JSONEncoder cost 4 % of the server's CPU.
        var json: ByteBuffer {
            ByteBuffer(string: "{\"time\":\(time),\"viewEventsEnabled\":\(viewEventsEnabled)}")
        }
    }

    func register(on router: Router<AppRequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api_v3/service/analytics/action/trackEvent", method: method) { request, context in
                await trackEvent(request, context: context, query: BeaconParameters(formEncoded: request.uri.query ?? ""))
            }
        }
    }

    /// Also reached through ``APIRoutes`` for `/api_v3/index.php?service=analytics&action=trackEvent`.
    func trackEvent(_ request: Request, context: AppRequestContext, query: BeaconParameters) async -> Response {
        do throws(BeaconRejection) {
            var parameters = query
            parameters.merge(try await bodyParameters(request))
            let source = BeaconSource(userAgent: request.headers[.userAgent], clientIP: clientIP(request, context: context, configuration))
            try await pipeline.ingest(parameters, from: source)
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: Accepted(time: Int(Date().timeIntervalSince1970), viewEventsEnabled: true).json)
            )
        } catch {
            return ErrorResponse.make(error)
        }
    }

    /// KAVA posts JSON; form posts and `navigator.sendBeacon`'s `text/plain` JSON are accepted too.
    private func bodyParameters(_ request: Request) async throws(BeaconRejection) -> BeaconParameters {
        let bytes: [UInt8]
        do {
            bytes = try await RequestBody.collect(request, limit: configuration.maxBeaconBodyBytes)
        } catch {
            pipeline.reject(error)
            throw error
        }
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }) else {
            return BeaconParameters()
        }
        do throws(BeaconRejection) {
            switch RequestBody.mediaType(request) {
            case "application/json":
                return try BeaconParameters(json: bytes)
            case "application/x-www-form-urlencoded":
                return BeaconParameters(formEncoded: String(decoding: bytes, as: UTF8.self))
            case "text/plain" where bytes.first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "{"):
                return try BeaconParameters(json: bytes)
            case let other:
                throw RequestBody.unsupported(other, expected: "application/json or application/x-www-form-urlencoded")
            }
        } catch {
            pipeline.reject(error)
            throw error
        }
    }
}

/// The viewer's address: the socket peer, or the first `X-Forwarded-For` hop when configured to trust a proxy.
func clientIP(_ request: Request, context: AppRequestContext, _ configuration: ServerConfiguration) -> String? {
    if configuration.trustForwardedFor, let forwarded = request.headers[.xForwardedFor] {
        let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        if let first, !first.isEmpty { return String(first.prefix(64)) }
    }
    return context.remoteAddress?.ipAddress
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
