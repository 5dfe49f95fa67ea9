import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Rollup
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
///
/// - Parameters:
///   - configure: adjusts the configuration once the store is open (the demo adds its partner and token).
///   - onRunning: called with the bound port once the server accepts connections.
func runServer(
    options: ServeOptions,
    dataDirectory: String,
    configure: ((inout ServerConfiguration, SQLiteStore) async throws -> Void)? = nil,
    onRunning: (@Sendable (Int) async -> Void)? = nil
) async throws {
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
    let raw = try SQLiteStore(directory: path)
    var configuration = options.serverConfiguration
    try await configure?(&configuration, raw)
    let store = RollupStore(base: raw) { reason in
        Counter(label: "report_raw_fallback_total", dimensions: [("reason", reason)]).increment()
    }
    let clock = ContinuousClock()
    let started = clock.now
    let rolled = try await store.rebuild()
    logger.info(
        "rollups built",
        metadata: [
            "beacons": "\(rolled)", "seconds": "\((clock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))",
        ]
    )
    logger.info(
        "starting",
        metadata: [
            "store": "\(path)/webcast.sqlite",
            "backfill": "\(configuration.backfillToken == nil ? "off" : "on")",
        ]
    )
    let server = WebcastServer(configuration: configuration, store: store, partners: raw, registry: registry, logger: logger)
    let port = configuration.port
    // The callback runs on the server's startup path, so the work it starts must not hold it up.
    try await server.application(onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        Task { await onRunning?(bound) }
    })
    .runService()
    logger.info("stopped; every acknowledged beacon is stored")
}
