public import Beacon
public import Store

/// Beacons in a ClickHouse server, over its HTTP interface: a `MergeTree` of raw beacons partitioned
/// by day and ordered by (partner, entry, time), queried with the same ``AggregationQuery`` model as
/// the embedded store.
///
/// ```swift
/// let store = try await ClickHouseStore(ClickHouseConfiguration(url: "http://127.0.0.1:8123"))
/// ```
public final class ClickHouseStore: BeaconStore {
    public let configuration: ClickHouseConfiguration
    let client: ClickHouseClient

    /// Connects, creating the database and bringing its schema up to date.
    public init(_ configuration: ClickHouseConfiguration) async throws {
        _ = try ClickHouseSchema.identifier(configuration.database)
        _ = try configuration.cluster.map(ClickHouseSchema.identifier)
        self.configuration = configuration
        client = ClickHouseClient(configuration: configuration)
        try await ClickHouseSchema.migrate(client)
    }

    public func append(_ batch: [EnrichedBeacon]) async throws {
        guard !batch.isEmpty else { return }
        // One insert is one part in ClickHouse, and atomic for a batch of this size.
        try await client.insert(
            "INSERT INTO beacon (\(SQLColumns.all.joined(separator: ", "))) FORMAT TabSeparated",
            rows: ClickHouseRows.encode(batch)
        )
    }

    public func count(_ filter: BeaconFilter) async throws -> Int {
        let text = try await client.execute("SELECT count() FROM beacon WHERE \(ClickHouseQuery.whereClause(filter)) FORMAT TabSeparated")
        return Int(text.split(separator: "\n").first ?? "") ?? 0
    }

    public func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] {
        // Ties in time are ordered by session and event so that pages are stable.
        let sql =
            "SELECT \(SQLColumns.all.joined(separator: ", ")) FROM beacon WHERE \(ClickHouseQuery.whereClause(filter)) "
            + "ORDER BY time_ms, session_id, event_type, event_index LIMIT \(ClickHouseLiteral.integer(max(0, limit))) FORMAT TabSeparated"
        return TabSeparated.rows(try await client.execute(sql)).compactMap(ClickHouseRows.decode)
    }

    public func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] {
        let rollup = configuration.readsRollup ? ClickHouseRollup.aggregation(query) : nil
        return try await aggregate(query, sql: rollup ?? ClickHouseQuery.aggregation(query))
    }

    /// The rows of `sql`, a compiled `query`.
    func aggregate(_ query: AggregationQuery, sql: String) async throws -> [AggregationRow] {
        let text = try await client.execute(sql)
        let hasBucket = query.bucketSeconds != nil
        let offset = hasBucket ? 1 : 0
        let dimensionCount = query.dimensions.count
        return TabSeparated.rows(text).map { row in
            AggregationRow(
                bucketStart: hasBucket ? row[0].flatMap { Int64($0) } : nil,
                dimensions: (0..<dimensionCount).map { row[offset + $0] ?? "" },
                values: query.aggregations.indices.map { row[offset + dimensionCount + $0].flatMap { Double($0) } ?? 0 }
            )
        }
        .sorted(by: AggregationRow.canonicalOrder)
    }

    /// Drops the whole days of raw beacons before the day holding `cutoffMs` and returns them
    /// (`yyyymmdd`). Partitions are days in the server's time zone; ClickHouse 18.16 has no TTL, so
    /// retention drops partitions, on a cluster on every shard.
    @discardableResult
    public func dropDays(before cutoffMs: Int64) async throws -> [Int] {
        try await drop(before: cutoffMs).map(\.day)
    }

    private func drop(before cutoffMs: Int64) async throws -> [(day: Int, rows: Int)] {
        let cutoffDay = "toYYYYMMDD(toDateTime(\(ClickHouseLiteral.integer(max(0, cutoffMs / 1000)))))"
        let day = "toYYYYMMDD(toDateTime(intDiv(time_ms, 1000)))"
        // On one server the parts list answers without reading rows; a cluster's parts are on each
        // shard, where the partition key's index still spares reading the days that stay.
        let sql =
            configuration.cluster == nil
            ? "SELECT partition, sum(rows) FROM system.parts WHERE database = \(ClickHouseLiteral.string(configuration.database)) "
                + "AND table = 'beacon' AND active AND toUInt32(partition) < \(cutoffDay) GROUP BY partition ORDER BY partition FORMAT TabSeparated"
            : "SELECT \(day) AS day, count() FROM beacon WHERE \(day) < \(cutoffDay) GROUP BY day ORDER BY day FORMAT TabSeparated"
        let expired = TabSeparated.rows(try await client.execute(sql)).compactMap { row -> (day: Int, rows: Int)? in
            guard row.count == 2, let day = row[0].flatMap({ Int($0) }), let rows = row[1].flatMap({ Int($0) }) else { return nil }
            return (day, rows)
        }
        let layout = ClickHouseSchema.Layout(database: configuration.database, cluster: configuration.cluster)
        for (day, _) in expired {
            // The rollup's day goes too, so that no report mixes a day's rollup with its missing rows.
            for table in ["beacon", "beacon_10s"] {
                try await client.execute("ALTER TABLE \(layout.stored(table))\(layout.onCluster) DROP PARTITION \(ClickHouseLiteral.integer(day))")
            }
        }
        return expired
    }
}

extension ClickHouseStore: BeaconRetention {
    public func deleteDays(before cutoffMs: Int64) async throws -> Int {
        try await drop(before: cutoffMs).reduce(0) { $0 + $1.rows }
    }
}

extension ClickHouseStore: LiveSource {
    public func liveViews(in timeRange: Range<Int64>) async throws -> [EnrichedBeacon] {
        let sql =
            "SELECT \(SQLColumns.all.joined(separator: ", ")) FROM beacon "
            + "WHERE time_ms >= \(ClickHouseLiteral.integer(timeRange.lowerBound)) AND time_ms < \(ClickHouseLiteral.integer(timeRange.upperBound)) "
            + "AND event_type = \(ClickHouseLiteral.integer(EventType.view.rawValue)) AND ifNull(playback_type != 'vod', 1) FORMAT TabSeparated"
        return TabSeparated.rows(try await client.execute(sql)).compactMap(ClickHouseRows.decode)
    }
}
