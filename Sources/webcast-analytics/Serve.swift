import ArgumentParser
import ClickHouseStore
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Rollup
import SQLiteStore
import Server
import Store

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server on the embedded SQLite store or on ClickHouse.",
        discussion: """
            Stops on SIGINT or SIGTERM after writing every beacon it acknowledged.
            With --store clickhouse, beacons, partners and ended sessions go to that server (password from
            $WEBCAST_CLICKHOUSE_PASSWORD), so that several servers in front of it serve one audience.
            """
    )

    @OptionGroup var options: ServeOptions

    @Option(help: "Folder of the embedded store; created if missing.")
    var data = "./data"

    @OptionGroup var storage: ClickHouseOptions

    func run() async throws {
        try await runServer(options: options, dataDirectory: data, clickHouse: storage.configuration)
    }
}

/// Opens the store, bootstraps logging and metrics once for the process, and runs until a signal.
///
/// - Parameters:
///   - configure: adjusts the configuration once the embedded store is open (the demo adds its partner and token).
///   - onRunning: called with the bound port once the server accepts connections.
func runServer(
    options: ServeOptions,
    dataDirectory: String,
    clickHouse: ClickHouseConfiguration? = nil,
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

    var configuration = options.serverConfiguration
    let store: any BeaconStore
    let partners: any PartnerStore
    var liveSource: (any LiveSource)?
    let storeName: String
    if let clickHouse {
        let clickHouseStore = try await ClickHouseStore(clickHouse)
        (store, partners, liveSource) = (clickHouseStore, clickHouseStore, clickHouseStore)
        storeName = "clickhouse \(clickHouse.url), database \(clickHouse.database)" + (clickHouse.cluster.map { ", cluster \($0)" } ?? "")
    } else {
        let path = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        let raw = try SQLiteStore(directory: path)
        try await configure?(&configuration, raw)
        (store, partners) = (try await rollups(over: raw, logger: logger), raw)
        storeName = "\(path)/webcast.sqlite"
    }
    logger.info(
        "starting",
        metadata: ["store": "\(storeName)", "backfill": "\(configuration.backfillToken == nil ? "off" : "on")"]
    )
    let server = WebcastServer(
        configuration: configuration,
        store: store,
        partners: partners,
        liveSource: liveSource,
        registry: registry,
        logger: logger
    )
    let port = configuration.port
    // The callback runs on the server's startup path, so the work it starts must not hold it up.
    try await server.application(onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        Task { await onRunning?(bound) }
    })
    .runService()
    logger.info("stopped; every acknowledged beacon is stored")
}

/// The embedded store's rollups, rebuilt from its raw beacons (they live in memory) while the
/// server already takes beacons; reports read the raw beacons until they are built.
private func rollups(over raw: SQLiteStore, logger: Logger) async throws -> RollupStore {
    let store = RollupStore(base: raw) { reason in
        Counter(label: "report_raw_fallback_total", dimensions: [("reason", reason)]).increment()
    }
    let clock = ContinuousClock()
    let started = clock.now
    let rebuild = try await store.startRebuild()
    logger.info("rollups rebuilding from the stored beacons; until they are built, reports read the raw beacons")
    Task {
        do {
            let rolled = try await rebuild.value
            let seconds = (clock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))
            logger.info("rollups built", metadata: ["beacons": "\(rolled)", "seconds": "\(seconds)"])
        } catch {
            logger.error("rollups could not be built; reports keep reading the raw beacons", metadata: ["error": "\(error)"])
        }
    }
    return store
}
