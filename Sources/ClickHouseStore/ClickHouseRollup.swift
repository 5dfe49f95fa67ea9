import Beacon
import Store

/// The 10-s rollup: an `AggregatingMergeTree` that a materialized view fills from every insert into
/// the beacons, keyed by what the reports filter and group by, holding counts and sums as aggregate
/// states.
///
/// A query whose filters, dimensions, buckets and aggregations the rollup can express reads it for
/// the whole 10-s steps of its range and the raw beacons for the seconds at the edges, in one SQL
/// statement whose states ClickHouse merges. Anything else reads raw rows, and so do unique users:
/// an exact user set per 10-s step holds nearly every VIEW of the step (a viewer sends one per 10 s),
/// and merging those sets measured slower than counting the raw rows (BENCHMARKS.md).
enum ClickHouseRollup {
    /// The rollup's columns from raw beacons: the materialized view's SELECT and a query's edges.
    static let fromBeacons = """
        SELECT partner_id, entry_id, intDiv(time_ms, 10000) * 10 AS bucket, event_type,
            ifNull(playback_type, '') AS playback, device, os_family, browser_family,
            ifNull(country, '') AS country_code, engaged, toUInt8(ifNull(user_id, '') != '') AS known_user,
            toUInt8(ifNull(buffer_time > 0, 0)) AS buffering, toUInt8(ifNull(actual_bitrate > 0, 0)) AS bitrate_positive,
            countState() AS rows, \(
                BeaconColumn.allCases.map {
                    "sumState(ifNull(\($0.sqlName), 0)) AS sum_\($0.sqlName), sumState(toUInt64(isNotNull(\($0.sqlName)))) AS present_\($0.sqlName)"
                }.joined(separator: ", "))
        """

    static let keys =
        "partner_id, entry_id, bucket, event_type, playback, device, os_family, browser_family, country_code, engaged, known_user, buffering, bitrate_positive"

    static let columns = """
        partner_id Int64, entry_id String, bucket Int64, event_type UInt8, playback String, device String,
        os_family String, browser_family String, country_code String, engaged UInt8, known_user UInt8,
        buffering UInt8, bitrate_positive UInt8,
        rows AggregateFunction(count), \(
            BeaconColumn.allCases.map {
                "sum_\($0.sqlName) AggregateFunction(sum, Float64), present_\($0.sqlName) AggregateFunction(sum, UInt64)"
            }.joined(separator: ", "))
        """

    /// SQL answering `query` from the rollup and the raw edges, or nil when the rollup cannot.
    static func aggregation(_ query: AggregationQuery) -> String? {
        let filter = query.filter
        guard filter.userIds == nil else { return nil }
        if let width = query.bucketSeconds, width % 10 != 0 || query.bucketOffsetSeconds % 10 != 0 { return nil }
        // Whole 10-s steps inside whole buckets: the bucket of a step is the bucket of its beacons.
        guard let groups = ClickHouseQuery.groups(query, seconds: "bucket", alias: "b", column: column) else { return nil }
        var selected = groups.selected
        let grouped = groups.grouped
        for aggregation in query.aggregations {
            guard let merged = merge(aggregation) else { return nil }
            selected.append(merged)
        }

        let partner = "partner_id = \(ClickHouseLiteral.integer(filter.partnerId))"
        let entries = filter.entryIds.map { " AND " + ClickHouseLiteral.isIn("entry_id", $0.map(ClickHouseLiteral.string)) } ?? ""
        var parts: [String] = []
        if let range = filter.timeRange {
            // Times are positive, so integer division floors.
            let step: Int64 = 10_000
            let first = (range.lowerBound + step - 1) / step * step
            let last = range.upperBound / step * step
            guard first < last else { return nil }
            parts.append(
                "SELECT * FROM beacon_10s WHERE \(partner)\(entries) AND bucket >= \(first / 1000) AND bucket < \(last / 1000)"
            )
            var edges: [String] = []
            if range.lowerBound < first { edges.append("(time_ms >= \(range.lowerBound) AND time_ms < \(first))") }
            if last < range.upperBound { edges.append("(time_ms >= \(last) AND time_ms < \(range.upperBound))") }
            if !edges.isEmpty {
                parts.append(
                    "\(fromBeacons) FROM beacon WHERE \(partner)\(entries) AND (\(edges.joined(separator: " OR "))) GROUP BY \(keys)"
                )
            }
        } else {
            parts.append("SELECT * FROM beacon_10s WHERE \(partner)\(entries)")
        }

        var sql = "SELECT \(selected.joined(separator: ", ")) FROM (\(parts.joined(separator: " UNION ALL ")))"
        let conditions = ClickHouseQuery.restrictions(filter, playback: "playback", country: "country_code")
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += grouped.isEmpty ? " HAVING countMerge(rows) > 0" : " GROUP BY \(grouped.joined(separator: ", "))"
        return sql + " FORMAT TabSeparated"
    }

    private static func column(_ dimension: Dimension) -> String? {
        switch dimension {
        case .entryId: "entry_id"
        case .eventType: "toString(event_type)"
        case .playbackType: "playback"
        case .device: "device"
        case .osFamily: "os_family"
        case .browserFamily: "browser_family"
        case .country: "country_code"
        case .userKey, .userId, .flavorParamsId: nil
        }
    }

    /// The merge of one aggregation, or nil when its predicate is not a condition on the keys.
    private static func merge(_ aggregation: Aggregation) -> String? {
        var conditions: [String] = []
        var present: [BeaconColumn] = []
        guard collect(aggregation.predicate, into: &conditions, present: &present) else { return nil }
        let condition = conditions.isEmpty ? nil : conditions.joined(separator: " AND ")
        func merged(_ function: String, _ state: String) -> String {
            condition.map { "\(function)MergeIf(\(state), \($0))" } ?? "\(function)Merge(\(state))"
        }
        switch aggregation.kind {
        case .count:
            switch present.count {
            case 0: return merged("count", "rows")
            // Counting the beacons where a column is present is summing its presence.
            case 1: return merged("sum", "present_\(present[0].sqlName)")
            default: return nil
            }
        case .sum(let column):
            // An absent value adds nothing, so "where present" changes nothing in its own sum.
            guard present.allSatisfy({ $0 == column }) else { return nil }
            return merged("sum", "sum_\(column.sqlName)")
        case .uniqueUsers:
            return nil
        }
    }

    private static func collect(_ predicate: Predicate?, into conditions: inout [String], present: inout [BeaconColumn]) -> Bool {
        guard let predicate else { return true }
        switch predicate {
        case .eventType(let type): conditions.append("event_type = \(ClickHouseLiteral.integer(type.rawValue))")
        case .playbackType(let type): conditions.append("playback = \(ClickHouseLiteral.string(type.rawValue))")
        case .engaged: conditions.append("engaged = 1")
        case .knownUser: conditions.append("known_user = 1")
        case .greaterThan(.bufferTime, 0): conditions.append("buffering = 1")
        case .greaterThan(.actualBitrate, 0): conditions.append("bitrate_positive = 1")
        case .greaterThan: return false
        case .present(let column): present.append(column)
        case .all(let predicates):
            for inner in predicates where !collect(inner, into: &conditions, present: &present) { return false }
        }
        return true
    }
}
