import GRDB
public import Store

extension SQLiteStore: BeaconRetention {
    /// Rows per delete transaction: the writer takes batches of new beacons between two of them,
    /// where one transaction over a day at 100,000 viewers (860 million rows) would stall ingest.
    static let deleteChunk = 20_000

    /// Deletes partner by partner through the (partner, time) index. The file keeps its size and
    /// reuses the freed pages for new beacons; `VACUUM`, with the server stopped, returns them.
    public func deleteDays(before cutoffMs: Int64) async throws -> Int {
        let dayStart = BeaconRetentionDay.start(of: cutoffMs)
        let chunk = Self.deleteChunk
        var deleted = 0
        var partner = try await partner(after: nil)
        while let current = partner {
            while true {
                try Task.checkCancellation()
                let count = try await pool.write { db in
                    try db.execute(
                        sql: "DELETE FROM beacon WHERE id IN (SELECT id FROM beacon WHERE partner_id = ? AND time_ms < ? LIMIT ?)",
                        arguments: [current, dayStart, chunk]
                    )
                    return db.changesCount
                }
                deleted += count
                if count < chunk { break }
            }
            partner = try await self.partner(after: current)
        }
        return deleted
    }

    /// The next partner id with stored beacons, read from the index rather than the rows.
    private func partner(after previous: Int64?) async throws -> Int64? {
        try await pool.read { db in
            if let previous {
                return try Int64.fetchOne(
                    db,
                    sql: "SELECT partner_id FROM beacon WHERE partner_id > ? ORDER BY partner_id LIMIT 1",
                    arguments: [previous]
                )
            }
            return try Int64.fetchOne(db, sql: "SELECT partner_id FROM beacon ORDER BY partner_id LIMIT 1")
        }
    }
}
