import ArgumentParser
import ClickHouseStore
import Foundation

/// Where beacons, partners and sessions live: the embedded SQLite store, or ClickHouse. `serve` and
/// `partner` share these, so an operator adds partners where the servers read them.
struct ClickHouseOptions: ParsableArguments {
    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case sqlite
        case clickhouse
    }

    @Option(help: "Where beacons, partners and sessions are stored: sqlite (in --data, with in-memory rollups) or clickhouse.")
    var store = Backend.sqlite

    @Option(help: "ClickHouse's HTTP interface, for --store clickhouse.")
    var clickhouseUrl = "http://127.0.0.1:8123"

    @Option(help: "ClickHouse database; created if missing.")
    var clickhouseDatabase = "webcast"

    @Option(help: "ClickHouse user (default: ClickHouse's default user); the password comes from $WEBCAST_CLICKHOUSE_PASSWORD.")
    var clickhouseUser: String?

    @Option(help: "A cluster in the ClickHouse servers' remote_servers: the schema is created ON CLUSTER and beacons spread over its shards.")
    var clickhouseCluster: String?

    /// ClickHouse's configuration with --store clickhouse, nil for the embedded store.
    var configuration: ClickHouseConfiguration? {
        guard store == .clickhouse else { return nil }
        return ClickHouseConfiguration(
            url: clickhouseUrl,
            database: clickhouseDatabase,
            user: clickhouseUser,
            password: ProcessInfo.processInfo.environment["WEBCAST_CLICKHOUSE_PASSWORD"],
            cluster: clickhouseCluster
        )
    }
}
