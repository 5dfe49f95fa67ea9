import Beacon
import HTTPTypes
import Hummingbird
import Ingest
import KalturaAPI

/// `POST /api/v1/beacons`: NDJSON batches from collectors, load tools and the simulator.
///
/// With `Authorization: KS <admin session>` a partner's lines may set `eventTime` (unix seconds) and
/// `clientIp`, which is how a past event is backfilled; `Authorization: Bearer <backfill token>`
/// trusts every partner's lines (an operator's credential).
struct BatchRoutes {
    let pipeline: IngestPipeline
    let configuration: ServerConfiguration
    let sessions: SessionAuthority

    struct Reply: ResponseEncodable {
        var accepted: Int
        var rejectedCount: Int
        /// At most ``maxListed`` entries; `rejectedCount` has them all.
        var rejected: [BatchOutcome.Rejected]
    }

    static let maxListed = 1_000
    static let mediaTypes: Set<String> = ["application/x-ndjson", "application/jsonl", "application/json", "text/plain"]

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/v1/beacons") { request, context in
            await ingest(request, context: context)
        }
    }

    private func ingest(_ request: Request, context: AppRequestContext) async -> Response {
        do throws(BeaconRejection) {
            let trust = try await authorize(request)
            let mediaType = RequestBody.mediaType(request)
            guard let mediaType, Self.mediaTypes.contains(mediaType) else {
                throw RequestBody.unsupported(mediaType, expected: "application/x-ndjson")
            }
            let body = try await RequestBody.collect(request, limit: configuration.maxBatchBodyBytes)
            let source = BeaconSource(
                userAgent: request.headers[.userAgent],
                clientIP: clientIP(request, context: context, configuration),
                trusted: trust.trusted,
                trustedPartner: trust.partner
            )
            let outcome = try await pipeline.ingest(batch: NDJSON.lines(body), from: source)
            let reply = Reply(
                accepted: outcome.accepted,
                rejectedCount: outcome.rejected.count,
                rejected: Array(outcome.rejected.prefix(Self.maxListed))
            )
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ErrorResponse.json(reply))
            )
        } catch {
            if error.reason != .overloaded { pipeline.reject(error) }
            return ErrorResponse.make(error)
        }
    }

    /// Untrusted without an Authorization header; throws for a wrong one rather than silently distrusting it.
    private func authorize(_ request: Request) async throws(BeaconRejection) -> (trusted: Bool, partner: Int?) {
        guard let header = request.headers[.authorization] else { return (false, nil) }
        let invalid = BeaconRejection(field: "Authorization", reason: .unauthorized, message: "Authorization: not a valid admin credential")
        if header.hasPrefix("KS ") {
            let session: Session
            do {
                session = try await sessions.verify(String(header.dropFirst("KS ".count)))
            } catch {
                throw invalid
            }
            guard session.type == .admin else {
                throw BeaconRejection(field: "Authorization", reason: .unauthorized, message: "Authorization: the KS is not an admin session")
            }
            return (true, session.partnerId)
        }
        guard let expected = configuration.backfillToken, header.hasPrefix("Bearer "),
            constantTimeEqual(String(header.dropFirst("Bearer ".count)), expected)
        else { throw invalid }
        return (true, nil)
    }
}

/// Compares secrets without leaking through timing where they first differ (only the length shows).
func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    guard left.count == right.count else { return false }
    return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
