/// The numbered migrations of the ClickHouse store. A migration, once released, never changes; each
/// is idempotent (`IF NOT EXISTS`) so that several servers starting at once agree.
///
/// On a cluster every statement runs `ON CLUSTER`: the beacons live in `beacon_local` on each shard and
/// `beacon` is the `Distributed` table over them, so the queries are the same in both layouts.
enum ClickHouseSchema {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: @Sendable (Layout) -> [String]
    }

    /// Where the tables go: one server, or every shard of a cluster.
    struct Layout: Sendable {
        var database: String
        var cluster: String?

        /// `ON CLUSTER name`, or nothing on one server.
        var onCluster: String { cluster.map { " ON CLUSTER \($0)" } ?? "" }

        /// A table that holds rows: `beacon` on one server, `beacon_local` on each shard.
        func stored(_ table: String) -> String { "\(database).\(table)\(cluster == nil ? "" : "_local")" }

        /// Creates `table` with `columns` and `engine`; on a cluster, on every shard, with the
        /// `Distributed` table in front, spread by `shardingKey`.
        func create(_ table: String, columns: String, engine: String, shardingKey: String) -> [String] {
            let local = ["CREATE TABLE IF NOT EXISTS \(stored(table))\(onCluster) (\(columns)) ENGINE = \(engine)"]
            guard let cluster else { return local }
            return local + [
                "CREATE TABLE IF NOT EXISTS \(database).\(table)\(onCluster) AS \(stored(table)) "
                    + "ENGINE = Distributed(\(cluster), \(database), \(table)_local, \(shardingKey))"
            ]
        }
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "beacon",
            statements: { layout in
                // A viewer's beacons stay on one shard, and one big event spreads over all of them.
                layout.create(
                    "beacon",
                    columns: """
                        time_ms Int64,
                        partner_id Int64,
                        entry_id String,
                        session_id String,
                        event_type UInt8,
                        event_index Nullable(Int64),
                        user_id Nullable(String),
                        user_key String,
                        playback_type Nullable(String),
                        position Nullable(Float64),
                        play_time_sum Nullable(Float64),
                        buffer_time Nullable(Float64),
                        buffer_time_sum Nullable(Float64),
                        actual_bitrate Nullable(Float64),
                        bandwidth Nullable(Float64),
                        dropped_frames_ratio Nullable(Float64),
                        segment_download_time Nullable(Float64),
                        manifest_download_time Nullable(Float64),
                        flavor_params_id Nullable(Int64),
                        engagement Nullable(String),
                        engaged UInt8,
                        device String,
                        os_family String,
                        browser_family String,
                        country Nullable(String),
                        client_ip Nullable(String),
                        referrer Nullable(String),
                        error_code Nullable(Int64),
                        extra Nullable(String)
                        """,
                    engine: """
                        MergeTree()
                        PARTITION BY toYYYYMMDD(toDateTime(intDiv(time_ms, 1000)))
                        ORDER BY (partner_id, entry_id, time_ms)
                        """,
                    shardingKey: "cityHash64(entry_id, user_key)"
                )
            }
        ),
        Migration(
            version: 2,
            name: "partner",
            statements: { layout in
                // ClickHouse has no UPDATE: a change is a new row with a higher version, and reads
                // take the latest with FINAL. A partner's rows stay on one shard, so FINAL sees them all.
                layout.create(
                    "partner",
                    columns: "id Int64, name String, admin_secret String, user_secret String, created_at Int64, version UInt64",
                    engine: "ReplacingMergeTree(version) ORDER BY id",
                    shardingKey: "id"
                )
                    + layout.create(
                        "ended_session",
                        columns: "session_hash String, partner_id Int64, expires_at Int64",
                        engine: "ReplacingMergeTree() PARTITION BY toYYYYMM(toDateTime(expires_at)) ORDER BY session_hash",
                        shardingKey: "cityHash64(session_hash)"
                    )
            }
        ),
        Migration(
            version: 3,
            name: "beacon_10s",
            statements: { layout in
                // Each shard rolls up its own beacons; reads merge the shards' states.
                layout.create(
                    "beacon_10s",
                    columns: ClickHouseRollup.columns,
                    engine: "AggregatingMergeTree() PARTITION BY toYYYYMMDD(toDateTime(bucket)) ORDER BY (\(ClickHouseRollup.keys))",
                    shardingKey: "rand()"
                ) + [
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS \(layout.database).beacon_10s_mv\(layout.onCluster) "
                        + "TO \(layout.stored("beacon_10s")) AS \(ClickHouseRollup.fromBeacons) FROM \(layout.stored("beacon")) "
                        + "GROUP BY \(ClickHouseRollup.keys)",
                    // Beacons stored before the view existed. Servers see one record of applied
                    // migrations, so this runs once; stop ingestion while upgrading a running store.
                    "INSERT INTO \(layout.database).beacon_10s \(ClickHouseRollup.fromBeacons) FROM \(layout.database).beacon "
                        + "GROUP BY \(ClickHouseRollup.keys)",
                ]
            }
        ),
    ]

    /// Creates the database and applies the migrations it has not seen yet, in order. On a cluster
    /// the record is a `Distributed` table too, so every server sees what any server applied.
    static func migrate(_ client: ClickHouseClient) async throws {
        let layout = try Layout(
            database: identifier(client.configuration.database),
            cluster: client.configuration.cluster.map(identifier)
        )
        try await client.execute("CREATE DATABASE IF NOT EXISTS \(layout.database)\(layout.onCluster)", database: false)
        for statement in layout.create(
            "schema_migration",
            columns: "version UInt32, name String",
            engine: "MergeTree() ORDER BY version",
            shardingKey: "version"
        ) {
            try await client.execute(statement)
        }
        let applied = Set(
            try await client.execute("SELECT version FROM schema_migration FORMAT TabSeparated")
                .split(separator: "\n").compactMap { Int($0) }
        )
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements(layout) { try await client.execute(statement) }
            try await client.execute(
                "INSERT INTO schema_migration (version, name) VALUES (\(migration.version), \(ClickHouseLiteral.string(migration.name)))"
            )
        }
    }

    /// Database and cluster names go into DDL unquoted, so only plain names are accepted.
    static func identifier(_ name: String) throws -> String {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        guard !name.isEmpty, allowed, name.unicodeScalars.first.map({ !("0"..."9").contains($0) }) == true else {
            throw ClickHouseError(status: 0, message: "name \"\(name)\" must be letters, digits and _ and not start with a digit")
        }
        return name
    }
}
