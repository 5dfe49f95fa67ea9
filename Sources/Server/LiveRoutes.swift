import Foundation
import HTTPTypes
import Hummingbird
import KalturaAPI
import LiveState
import NIOCore
import ServiceLifecycle

/// The live pane (its page, its server-sent events and its viewers list) and the post-event view of
/// a webcast. Data needs an admin KS of the entry's partner (`?ks=`, since `EventSource` cannot send
/// headers); the pages themselves are public and read everything else through the reports API.
struct LiveRoutes {
    let hub: LiveHub
    let sessions: SessionAuthority
    let assets: Assets
    let viewers: ViewerPages

    func register(on router: Router<AppRequestContext>) {
        router.get("/live/{entryId}") { _, _ in assets.response("live.html") }
        router.get("/webcasts/{entryId}") { _, _ in assets.response("webcast.html") }
        router.get("/assets/{file}") { _, context in
            assets.response(try context.parameters.require("file"))
        }
        router.get("/live/{entryId}/events") { request, context in
            let entryId = try context.parameters.require("entryId")
            let partnerId = try await authorize(request)
            return events(partnerId: partnerId, entryId: entryId)
        }
        router.get("/live/{entryId}/viewers") { request, context in
            let entryId = try context.parameters.require("entryId")
            let partnerId = try await authorize(request)
            let query = ViewerPages.Query(request.uri.queryParameters)
            let page = viewers.page(partnerId: partnerId, entryId: entryId, query: query, nowMs: Self.nowMs())
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ErrorResponse.json(page))
            )
        }
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The partner of the request's admin KS.
    private func authorize(_ request: Request) async throws -> Int {
        guard let ks = request.uri.queryParameters["ks"].map(String.init), !ks.isEmpty else {
            throw HTTPError(.unauthorized, message: "ks: missing; sign in with the partner id and admin secret")
        }
        let session: Session
        do {
            session = try await sessions.verify(ks)
        } catch {
            throw HTTPError(.unauthorized, message: "ks: \(error.message)")
        }
        guard session.type == .admin else { throw HTTPError(.forbidden, message: "ks: the live pane needs an admin session") }
        return session.partnerId
    }

    /// A full snapshot first (the whole ring, for the graph), then the hub's ticks.
    private func events(partnerId: Int, entryId: String) -> Response {
        let (stream, continuation) = hub.subscribe(partnerId: partnerId, entryId: entryId)
        let nowMs = Self.nowMs()
        let first =
            hub.board.snapshot(partnerId: partnerId, entryId: entryId, nowMs: nowMs, seriesSeconds: hub.board.ringSeconds)
            ?? .empty(entryId: entryId, nowMs: nowMs)
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                // The client reconnects after this many milliseconds if the stream breaks.
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                try await writer.write(LiveHub.event(first))
                // The server waits for open responses before it stops; a pane's stream never ends
                // by itself, so shutdown ends it, and the pane reconnects to the next server.
                try await withGracefulShutdownHandler {
                    for await event in stream {
                        try await writer.write(event)
                    }
                } onGracefulShutdown: {
                    continuation.finish()
                }
                try await writer.finish(nil)
            }
        )
    }
}
