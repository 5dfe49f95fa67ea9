import Beacon
import GRDB
import Store

/// Compiles the backend-neutral query model to SQLite SQL. Every value travels as a bound
/// argument; only column names, which come from closed enums, are spliced into the text.
enum SQLiteQuery {
    struct Compiled {
        var sql: String
        var arguments: StatementArguments
    }

    static func aggregation(_ query: AggregationQuery) -> Compiled {
        var selected: [String] = []
        var grouped: [String] = []
        var arguments = StatementArguments()
        if let width = query.bucketSeconds {
            // Integer division floors for the positive times we store.
            selected.append("((time_ms / 1000 + ?) / ?) * ? - ? AS bucket")
            arguments += [query.bucketOffsetSeconds, width, width, query.bucketOffsetSeconds]
            grouped.append("bucket")
        }
        for (index, dimension) in query.dimensions.enumerated() {
            selected.append("\(expression(dimension)) AS d\(index)")
            grouped.append("d\(index)")
        }
        for aggregation in query.aggregations {
            let condition = aggregation.predicate.map { predicate(sql: $0, arguments: &arguments) }
            switch aggregation.kind {
            case .count:
                selected.append(condition.map { "COUNT(CASE WHEN \($0) THEN 1 END)" } ?? "COUNT(*)")
            case .sum(let column):
                let name = column.sqlName
                selected.append(condition.map { "TOTAL(CASE WHEN \($0) THEN \(name) END)" } ?? "TOTAL(\(name))")
            case .uniqueUsers:
                selected.append(condition.map { "COUNT(DISTINCT CASE WHEN \($0) THEN user_key END)" } ?? "COUNT(DISTINCT user_key)")
            }
        }
        let filter = whereClause(query.filter)
        arguments += filter.arguments
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM beacon WHERE \(filter.sql)"
        // Groups exist only where beacons match, so an ungrouped query over nothing has no row.
        sql += grouped.isEmpty ? " HAVING COUNT(*) > 0" : " GROUP BY \(grouped.joined(separator: ", "))"
        return Compiled(sql: sql, arguments: arguments)
    }

    static func whereClause(_ filter: BeaconFilter) -> Compiled {
        var conditions = ["partner_id = ?"]
        var arguments: StatementArguments = [filter.partnerId]
        if let range = filter.timeRange {
            conditions.append("time_ms >= ? AND time_ms < ?")
            arguments += [range.lowerBound, range.upperBound]
        }
        func restrict(_ expression: String, _ values: [any DatabaseValueConvertible]?) {
            guard let values else { return }
            guard !values.isEmpty else {
                conditions.append("0")
                return
            }
            conditions.append("\(expression) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            arguments += StatementArguments(values)
        }
        restrict("entry_id", filter.entryIds.map { Array($0) })
        restrict("event_type", filter.eventTypes.map { $0.map(\.rawValue) })
        restrict("playback_type", filter.playbackTypes.map { $0.map(\.rawValue) })
        restrict("device", filter.devices.map { $0.map(\.rawValue) })
        restrict("os_family", filter.osFamilies.map { Array($0) })
        restrict("browser_family", filter.browserFamilies.map { Array($0) })
        restrict("COALESCE(country, '')", filter.countries.map { Array($0) })
        restrict("user_id", filter.userIds.map { Array($0) })
        return Compiled(sql: conditions.joined(separator: " AND "), arguments: arguments)
    }

    private static func predicate(sql predicate: Predicate, arguments: inout StatementArguments) -> String {
        switch predicate {
        case .eventType(let type):
            arguments += [type.rawValue]
            return "event_type = ?"
        case .playbackType(let type):
            arguments += [type.rawValue]
            return "playback_type = ?"
        case .engaged:
            return "engaged = 1"
        case .knownUser:
            return "COALESCE(user_id, '') <> ''"
        case .greaterThan(let column, let bound):
            arguments += [bound]
            return "\(column.sqlName) > ?"
        case .present(let column):
            return "\(column.sqlName) IS NOT NULL"
        case .all(let predicates):
            guard !predicates.isEmpty else { return "1" }
            return "(" + predicates.map { self.predicate(sql: $0, arguments: &arguments) }.joined(separator: " AND ") + ")"
        }
    }

    private static func expression(_ dimension: Dimension) -> String {
        switch dimension {
        case .entryId: "entry_id"
        case .eventType: "CAST(event_type AS TEXT)"
        case .playbackType: "COALESCE(playback_type, '')"
        case .device: "device"
        case .osFamily: "os_family"
        case .browserFamily: "browser_family"
        case .country: "COALESCE(country, '')"
        case .userKey: "user_key"
        case .userId: "COALESCE(user_id, '')"
        case .flavorParamsId: "COALESCE(CAST(flavor_params_id AS TEXT), '')"
        }
    }
}
