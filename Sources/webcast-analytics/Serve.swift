import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SQLiteStore
import Server

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server on the embedded SQLite store.",
        discussion: "Stops on SIGINT or SIGTERM after writing every beacon it acknowledged."
    )

    @OptionGroup var options: ServeOptions

    @Option(help: "Folder of the embedded store; created if missing.")
    var data = "./data"

    func run() async throws {
        try await runServer(options: options, dataDirectory: data)
    }
}

/// Opens the store, bootstraps logging and metrics once for the process, and runs until a signal.
func runServer(options: ServeOptions, dataDirectory: String, banner: ((ServerConfiguration) -> Void)? = nil) async throws {
    let level = Logger.Level(rawValue: options.logLevel) ?? .info
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    let logger = Logger(label: "webcast-analytics")
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

    let path = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
    let store = try SQLiteStore(directory: path)
    let configuration = options.serverConfiguration
    logger.info(
        "starting",
        metadata: [
            "store": "\(path)/webcast.sqlite",
            "backfill": "\(configuration.backfillToken == nil ? "off" : "on")",
        ]
    )
    banner?(configuration)
    let server = WebcastServer(configuration: configuration, store: store, partners: store, registry: registry, logger: logger)
    try await server.application.runService()
    logger.info("stopped; every acknowledged beacon is stored")
}
