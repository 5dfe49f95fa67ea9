import Beacon
import Store

/// Compiles the backend-neutral query model to SQL that ClickHouse 18.16 and later accept. Column
/// names come from closed enums; every value goes through ``ClickHouseLiteral``.
enum ClickHouseQuery {
    /// The bucket (of a time in `seconds`, named `alias`) and dimension columns of `query`, selected
    /// and grouped by; nil when `column` has no expression for one of its dimensions.
    static func groups(
        _ query: AggregationQuery,
        seconds: String,
        alias: String,
        column: (Dimension) -> String?
    ) -> (selected: [String], grouped: [String])? {
        var selected: [String] = []
        var grouped: [String] = []
        if let width = query.bucketSeconds {
            // No toStartOfInterval in 18.16; integer division floors for the positive times stored.
            let offset = ClickHouseLiteral.integer(query.bucketOffsetSeconds)
            let w = ClickHouseLiteral.integer(width)
            selected.append("intDiv(\(seconds) + \(offset), \(w)) * \(w) - \(offset) AS \(alias)")
            grouped.append(alias)
        }
        for (index, dimension) in query.dimensions.enumerated() {
            guard let expression = column(dimension) else { return nil }
            selected.append("\(expression) AS d\(index)")
            grouped.append("d\(index)")
        }
        return (selected, grouped)
    }

    static func aggregation(_ query: AggregationQuery) -> String {
        let groups = groups(query, seconds: "intDiv(time_ms, 1000)", alias: "bucket") { expression($0) }!
        var selected = groups.selected
        let grouped = groups.grouped
        for aggregation in query.aggregations {
            let condition = aggregation.predicate.map(predicate)
            switch aggregation.kind {
            case .count:
                selected.append(condition.map { "countIf(\($0))" } ?? "count()")
            case .sum(let column):
                let name = column.sqlName
                selected.append("ifNull(" + (condition.map { "sumIf(\(name), \($0))" } ?? "sum(\(name))") + ", 0)")
            case .uniqueUsers:
                selected.append(condition.map { "uniqExactIf(user_key, \($0))" } ?? "uniqExact(user_key)")
            }
        }
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM beacon WHERE \(whereClause(query.filter))"
        // Groups exist only where beacons match, so an ungrouped query over nothing has no row.
        sql += grouped.isEmpty ? " HAVING count() > 0" : " GROUP BY \(grouped.joined(separator: ", "))"
        return sql + " FORMAT TabSeparated"
    }

    static func whereClause(_ filter: BeaconFilter) -> String {
        var conditions = ["partner_id = \(ClickHouseLiteral.integer(filter.partnerId))"]
        if let range = filter.timeRange {
            conditions.append(
                "time_ms >= \(ClickHouseLiteral.integer(range.lowerBound)) AND time_ms < \(ClickHouseLiteral.integer(range.upperBound))"
            )
        }
        conditions += restrictions(filter, playback: "playback_type", country: "ifNull(country, '')")
        return conditions.joined(separator: " AND ")
    }

    /// `IN` conditions for the filter's lists, given the expressions of playback type and country.
    static func restrictions(_ filter: BeaconFilter, playback: String, country: String) -> [String] {
        var conditions: [String] = []
        func restrict(_ expression: String, _ literals: [String]?) {
            if let literals { conditions.append(ClickHouseLiteral.isIn(expression, literals)) }
        }
        let string = ClickHouseLiteral.string
        restrict("entry_id", filter.entryIds.map { $0.map(string) })
        restrict("event_type", filter.eventTypes.map { $0.map { ClickHouseLiteral.integer($0.rawValue) } })
        restrict(playback, filter.playbackTypes.map { $0.map { string($0.rawValue) } })
        restrict("device", filter.devices.map { $0.map { string($0.rawValue) } })
        restrict("os_family", filter.osFamilies.map { $0.map(string) })
        restrict("browser_family", filter.browserFamilies.map { $0.map(string) })
        restrict(country, filter.countries.map { $0.map(string) })
        restrict("user_id", filter.userIds.map { $0.map(string) })
        return conditions
    }

    private static func predicate(_ predicate: Predicate) -> String {
        switch predicate {
        case .eventType(let type): "event_type = \(ClickHouseLiteral.integer(type.rawValue))"
        case .playbackType(let type): "ifNull(playback_type = \(ClickHouseLiteral.string(type.rawValue)), 0)"
        case .engaged: "engaged = 1"
        case .knownUser: "ifNull(user_id, '') != ''"
        case .greaterThan(let column, let bound): "ifNull(\(column.sqlName) > \(ClickHouseLiteral.number(bound)), 0)"
        case .present(let column): "isNotNull(\(column.sqlName))"
        case .all(let predicates):
            predicates.isEmpty ? "1" : "(" + predicates.map(self.predicate).joined(separator: " AND ") + ")"
        }
    }

    private static func expression(_ dimension: Dimension) -> String {
        switch dimension {
        case .entryId: "entry_id"
        case .eventType: "toString(event_type)"
        case .playbackType: "ifNull(playback_type, '')"
        case .device: "device"
        case .osFamily: "os_family"
        case .browserFamily: "browser_family"
        case .country: "ifNull(country, '')"
        case .userKey: "user_key"
        case .userId: "ifNull(user_id, '')"
        case .flavorParamsId: "ifNull(toString(flavor_params_id), '')"
        }
    }
}
