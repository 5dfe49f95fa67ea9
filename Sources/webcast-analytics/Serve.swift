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
            With --store clickhouse, beacons go to that server (password from $WEBCAST_CLICKHOUSE_PASSWORD)
            and reports read it; partners and sessions stay in the SQLite file in --data.
            """
    )

    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case sqlite
        case clickhouse
    }

    @OptionGroup var options: ServeOptions

    @Option(help: "Folder of the embedded store (beacons with --store sqlite; partners always); created if missing.")
    var data = "./data"

    @Option(help: "Where beacons are stored: sqlite (with in-memory rollups) or clickhouse.")
    var store = Backend.sqlite

    @Option(help: "ClickHouse's HTTP interface, for --store clickhouse.")
    var clickhouseUrl = "http://127.0.0.1:8123"

    @Option(help: "ClickHouse database; created if missing.")
    var clickhouseDatabase = "webcast"

    @Option(help: "ClickHouse user (default: ClickHouse's default user).")
    var clickhouseUser: String?

    @Option(help: "A cluster in the ClickHouse servers' remote_servers: the schema is created ON CLUSTER and beacons spread over its shards.")
    var clickhouseCluster: String?

    func run() async throws {
        var clickHouse: ClickHouseConfiguration?
        if store == .clickhouse {
            clickHouse = ClickHouseConfiguration(
                url: clickhouseUrl,
                database: clickhouseDatabase,
                user: clickhouseUser,
                password: ProcessInfo.processInfo.environment["WEBCAST_CLICKHOUSE_PASSWORD"],
                cluster: clickhouseCluster
            )
        }
        try await runServer(options: options, dataDirectory: data, clickHouse: clickHouse)
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

    let path = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
    let raw = try SQLiteStore(directory: path)
    var configuration = options.serverConfiguration
    try await configure?(&configuration, raw)
    let store: any BeaconStore
    let storeName: String
    if let clickHouse {
        store = try await ClickHouseStore(clickHouse)
        storeName = "clickhouse \(clickHouse.url), database \(clickHouse.database)" + (clickHouse.cluster.map { ", cluster \($0)" } ?? "")
    } else {
        store = try await rollups(over: raw, logger: logger)
        storeName = "\(path)/webcast.sqlite"
    }
    logger.info(
        "starting",
        metadata: ["store": "\(storeName)", "backfill": "\(configuration.backfillToken == nil ? "off" : "on")"]
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

/// The embedded store's rollups, rebuilt from its raw beacons: they live in memory.
private func rollups(over raw: SQLiteStore, logger: Logger) async throws -> RollupStore {
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
    return store
}
