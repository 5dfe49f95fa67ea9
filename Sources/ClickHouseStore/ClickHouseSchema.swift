/// The numbered migrations of the ClickHouse store. A migration, once released, never changes; each
/// is idempotent (`IF NOT EXISTS`) so that several servers starting at once agree.
enum ClickHouseSchema {
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "beacon",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS beacon (
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
                ) ENGINE = MergeTree()
                PARTITION BY toYYYYMMDD(toDateTime(intDiv(time_ms, 1000)))
                ORDER BY (partner_id, entry_id, time_ms)
                """
            ]
        )
    ]

    /// Creates the database and applies the migrations it has not seen yet, in order.
    static func migrate(_ client: ClickHouseClient) async throws {
        let database = client.configuration.database
        try await client.execute("CREATE DATABASE IF NOT EXISTS \(try identifier(database))", database: false)
        try await client.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration (version UInt32, name String) ENGINE = MergeTree() ORDER BY version"
        )
        let applied = Set(
            try await client.execute("SELECT version FROM schema_migration FORMAT TabSeparated")
                .split(separator: "\n").compactMap { Int($0) }
        )
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements { try await client.execute(statement) }
            try await client.execute(
                "INSERT INTO schema_migration (version, name) VALUES (\(migration.version), \(ClickHouseLiteral.string(migration.name)))"
            )
        }
    }

    /// A database name goes into DDL unquoted, so only plain names are accepted.
    static func identifier(_ name: String) throws -> String {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        guard !name.isEmpty, allowed, name.unicodeScalars.first.map({ !("0"..."9").contains($0) }) == true else {
            throw ClickHouseError(status: 0, message: "database name \"\(name)\" must be letters, digits and _ and not start with a digit")
        }
        return name
    }
}
