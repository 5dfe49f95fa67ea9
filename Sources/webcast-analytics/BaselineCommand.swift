import ArgumentParser
import Beacon
import Hummingbird

/// The anchor for the HTTP ingest benchmark (`scripts/bench-http`): a bare Hummingbird server whose
/// beacon route parses the same query parameters with Hummingbird's own parser into the same
/// name → value map, and does nothing else. The real server must reach 0.8× its rate.
struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-baseline",
        abstract: "A bare Hummingbird beacon route, the anchor for scripts/bench-http.",
        shouldDisplay: false
    )

    @Option(help: "Port to listen on.")
    var port = 8081

    func run() async throws {
        let router = Router()
        router.get("/api_v3/index.php") { request, _ -> HTTPResponse.Status in
            let parameters = BeaconParameters(pairs: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return parameters.values.isEmpty ? .badRequest : .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
