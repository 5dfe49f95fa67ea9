public import Beacon
import Foundation
import GRDB
public import Store

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`, so that report
/// reads run beside the single serialized writer.
///
/// ```swift
/// let store = try SQLiteStore(path: "data/webcast.sqlite")
/// ```
public final class SQLiteStore: BeaconScanning {
    let pool: DatabasePool

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with NORMAL survives a process crash; only power loss can drop the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
    }

    /// Opens `webcast.sqlite` inside `directory`, creating the directory if it is missing.
    public convenience init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(path: (directory as NSString).appendingPathComponent("webcast.sqlite"))
    }

    public func append(_ batch: [EnrichedBeacon]) async throws {
        guard !batch.isEmpty else { return }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: SQLiteSchema.insertSQL)
            for beacon in batch {
                statement.setUncheckedArguments(Self.arguments(beacon))
                try statement.execute()
            }
        }
    }

    public func count(_ filter: BeaconFilter) async throws -> Int {
        let whereClause = SQLiteQuery.whereClause(filter)
        return try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM beacon WHERE \(whereClause.sql)", arguments: whereClause.arguments) ?? 0
        }
    }

    public func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] {
        let whereClause = SQLiteQuery.whereClause(filter)
        let arguments = whereClause.arguments + [limit]
        let sql = "SELECT \(SQLiteSchema.columns.joined(separator: ", ")) FROM beacon WHERE \(whereClause.sql) ORDER BY time_ms, id LIMIT ?"
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { Self.beacon($0) }
        }
    }

    /// SQLite gives a new row the largest id plus one, so it is above every stored one.
    public func scanBound() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM beacon") ?? 0 }
    }

    public func scan(batchSize: Int, through bound: Int64?, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws {
        let sql = "SELECT id, \(SQLiteSchema.columns.joined(separator: ", ")) FROM beacon WHERE id > ? AND id <= ? ORDER BY id LIMIT ?"
        let through = bound ?? .max
        var last: Int64 = 0
        while true {
            let after = last
            let (batch, next): ([EnrichedBeacon], Int64?) = try await pool.read { db in
                let rows = try Row.fetchAll(db, sql: sql, arguments: [after, through, batchSize])
                return (rows.map { Self.beacon($0, offset: 1) }, rows.last.map { $0[0] as Int64 })
            }
            guard let next else { return }
            try body(batch)
            last = next
        }
    }

    public func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] {
        let compiled = SQLiteQuery.aggregation(query)
        let hasBucket = query.bucketSeconds != nil
        let dimensionCount = query.dimensions.count
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: compiled.sql, arguments: compiled.arguments).map { row in
                let offset = hasBucket ? 1 : 0
                return AggregationRow(
                    bucketStart: hasBucket ? row[0] as Int64? : nil,
                    dimensions: (0..<dimensionCount).map { row[offset + $0] as String? ?? "" },
                    values: query.aggregations.indices.map { row[offset + dimensionCount + $0] as Double? ?? 0 }
                )
            }
        }
        return rows.sorted(by: AggregationRow.canonicalOrder)
    }

    /// In ``SQLColumns/all`` order. Written out rather than through a shared list of values: one
    /// array of existentials per beacon is what the insert costs; a second one cost 20 % of ingest.
    private static func arguments(_ beacon: EnrichedBeacon) -> StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            beacon.timeMs, beacon.partnerId, beacon.entryId, beacon.sessionId, beacon.eventType.rawValue,
            beacon.eventIndex, beacon.userId, beacon.userKey, beacon.playbackType?.rawValue, beacon.position,
            beacon.playTimeSum, beacon.bufferTime, beacon.bufferTimeSum, beacon.actualBitrate, beacon.bandwidth,
            beacon.droppedFramesRatio, beacon.segmentDownloadTime, beacon.manifestDownloadTime, beacon.flavorParamsId,
            beacon.engagement, beacon.engaged, beacon.device.rawValue, beacon.osFamily, beacon.browserFamily,
            beacon.country, beacon.clientIP, beacon.referrer, beacon.errorCode, SQLColumns.encodeExtra(beacon.extra),
        ]
        return StatementArguments(values)
    }

    /// The beacon in `row`'s columns from `offset` on, in ``SQLColumns/all`` order. Every row holds
    /// the fields a beacon needs (the schema makes them NOT NULL).
    private static func beacon(_ row: Row, offset: Int = 0) -> EnrichedBeacon {
        SQLColumns.beacon(from: Fields(row: row, offset: offset))!
    }

    private struct Fields: SQLRowReading {
        let row: Row
        let offset: Int

        func text(_ column: Int) -> String? { row[offset + column] }
        func integer(_ column: Int) -> Int64? { row[offset + column] }
        func real(_ column: Int) -> Double? { row[offset + column] }
    }
}

extension SQLiteStore {
    /// Beacons stored per partner and event type: an operator's view across partners, so it is
    /// not part of ``BeaconStore`` (which always reads one partner).
    public func summary() async throws -> [(partnerId: Int, eventType: Int, count: Int)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT partner_id, event_type, COUNT(*) FROM beacon GROUP BY partner_id, event_type ORDER BY 1, 2")
                .map { (partnerId: $0[0], eventType: $0[1], count: $0[2]) }
        }
    }
}
