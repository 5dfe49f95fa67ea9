import Beacon
import Foundation
import HTTPTypes
import Hummingbird
import KalturaAPI

/// Kaltura's api_v3 entry points: `/api_v3/service/{service}/action/{action}`,
/// `/api_v3/service/multirequest` and `/api_v3/index.php?service=…&action=…`, any further path
/// segments read as name/value pairs, as Kaltura's front controller reads them. Player beacons
/// (`analytics.trackEvent`) go to the ingestion pipeline; everything else to ``KalturaAPI``.
struct APIRoutes {
    let api: KalturaAPI
    let beacons: BeaconRoutes
    let configuration: ServerConfiguration

    func register(on router: Router<AppRequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api_v3/**", method: method) { request, context in
                await handle(request, context: context)
            }
        }
    }

    private func handle(_ request: Request, context: AppRequestContext) async -> Response {
        var flat = BeaconParameters(formEncoded: request.uri.query ?? "")
        let pathPairs = Self.pathPairs(request.uri.path)
        // Beacons arrive on /api_v3/index.php, which has no pairs: skip the copy on that hot path.
        if !pathPairs.isEmpty {
            var merged = BeaconParameters(pairs: pathPairs)
            merged.merge(flat)
            flat = merged
        }
        if flat["service"]?.lowercased() == "analytics", flat["action"]?.lowercased() == "trackevent" {
            return await beacons.trackEvent(request, context: context, query: flat)
        }
        var parameters = APIParameterParser.tree(pairs: flat.values.map { ($0.key, $0.value) })
        do {
            let body = try await RequestBody.collect(request, limit: configuration.maxAPIBodyBytes)
            if !body.isEmpty {
                // Kaltura reads a JSON body only when the content type says so; anything else is a form.
                let merged =
                    RequestBody.mediaType(request) == "application/json"
                    ? try APIParameterParser.tree(json: Data(body))
                    : APIParameterParser.tree(
                        pairs: BeaconParameters(formEncoded: String(decoding: body, as: UTF8.self)).values.map { ($0.key, $0.value) }
                    )
                parameters = APIValue.object(parameters).merged(with: .object(merged)).object ?? parameters
            }
        } catch let error as APIError {
            return respond(api.respond(failure: error, format: parameters["format"]?.text))
        } catch {
            return respond(api.respond(failure: .requestTooLarge(limit: configuration.maxAPIBodyBytes), format: parameters["format"]?.text))
        }
        return respond(await api.respond(to: parameters, origin: origin(request)))
    }

    /// Where the caller reached us, for the URLs the API hands out (a proxy's view when it is trusted).
    private func origin(_ request: Request) -> String {
        let forwarded = configuration.trustForwardedFor ? request.headers[HTTPField.Name("X-Forwarded-Proto")!] : nil
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "\(forwarded ?? "http")://\(host)"
    }

    private func respond(_ response: KalturaAPI.Response) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "\(response.contentType); charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: response.body))
        )
    }

    /// `/api_v3/service/report/action/getTable` → service=report, action=getTable. Leading empty
    /// segments (a double slash before `api_v3`) and `index.php` are skipped.
    static func pathPairs(_ path: String) -> [(String, String)] {
        // Every player beacon passes here, so only segments that carry an escape are decoded.
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.contains("%") ? String(segment).removingPercentEncoding ?? String(segment) : String(segment)
        }
        guard let start = segments.firstIndex(of: "api_v3") else { return [] }
        segments.removeSubrange(...start)
        if segments.first == "index.php" { segments.removeFirst() }
        var pairs: [(String, String)] = []
        var index = 0
        while index < segments.count {
            pairs.append((segments[index], index + 1 < segments.count ? segments[index + 1] : ""))
            index += 2
        }
        return pairs
    }
}
