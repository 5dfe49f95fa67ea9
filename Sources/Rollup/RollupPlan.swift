import Beacon
import Store

/// How rollup cells answer one ``AggregationQuery``, or why they cannot (then the store reads raw
/// beacons and counts the reason).
struct RollupPlan: Sendable {
    /// Why a query needs raw beacons.
    enum Fallback: String, Error {
        case userFilter = "user_filter"
        case userDimension = "user_dimension"
        /// A per-user query asks for more than user cells hold (a count and the buffer time).
        case userMetric = "user_metric"
        case predicate
        case bucketAlignment = "bucket_alignment"
        /// More aggregations than a ``ReaderSet`` holds.
        case aggregations
    }

    /// One aggregation, read from a cell.
    struct Reader: Sendable {
        enum Read: Sendable {
            case count
            case presentCount(Int)
            case positiveCount(Int)
            case presentSum(Int)
            case positiveSum(Int)
            case users
        }

        var read: Read
        /// Conditions on the cell's key; all must hold.
        var conditions: [Predicate]
        /// For unique users: the entry summary set that holds exactly this reader's users.
        var summary: EntrySummary.Kind?

        /// Whether the reader reads this cell (a reader of entry summaries reads none).
        func applies(to key: CellKey) -> Bool {
            guard summary == nil else { return false }
            return conditions.allSatisfy { condition in
                switch condition {
                case .eventType(let type): key.eventType == type
                case .playbackType(let type): key.playbackType == type
                case .engaged: key.engaged
                case .knownUser: key.known
                case .greaterThan(.bufferTime, 0): key.buffering
                default: false
                }
            }
        }

        func value(_ cell: CellValues) -> Double {
            switch read {
            case .count: Double(cell.count)
            case .presentCount(let column): Double(cell.columns[column].presentCount)
            case .positiveCount(let column): Double(cell.columns[column].positiveCount)
            case .presentSum(let column): cell.columns[column].presentSum
            case .positiveSum(let column): cell.columns[column].positiveSum
            case .users: 0
            }
        }
    }

    var dimensions: [Dimension]
    var readers: [Reader]
    /// Read from user cells: the query groups by user or filters by user id.
    var perUser = false

    /// The levels whose blocks the plan reads.
    var levels: [Int] { perUser ? RollupIndex.userLevels : RollupIndex.cellLevels }

    static func make(_ query: AggregationQuery) -> Result<RollupPlan, Fallback> {
        // Anonymous viewers may send an empty user id; user cells know only whether one was sent.
        if query.filter.userIds?.contains("") == true { return .failure(.userFilter) }
        if (query.bucketSeconds ?? 10) % 10 != 0 || query.bucketOffsetSeconds % 10 != 0 { return .failure(.bucketAlignment) }
        if query.dimensions.contains(.flavorParamsId) { return .failure(.userDimension) }
        if query.aggregations.count > ReaderSet.capacity { return .failure(.aggregations) }
        var readers: [Reader] = []
        for aggregation in query.aggregations {
            guard let reader = reader(aggregation) else { return .failure(.predicate) }
            readers.append(reader)
        }
        if query.filter.userIds != nil || query.dimensions.contains(.userKey) || query.dimensions.contains(.userId) {
            guard readers.allSatisfy(\.readsUserCells) else { return .failure(.userMetric) }
            return .success(RollupPlan(dimensions: query.dimensions, readers: readers, perUser: true))
        }
        if summariesApply(query) {
            for index in readers.indices where readers[index].read.isUsers {
                readers[index].summary = EntrySummary.Kind(readers[index].conditions)
            }
        }
        return .success(RollupPlan(dimensions: query.dimensions, readers: readers))
    }

    /// Entry summaries hold live and DVR VIEWs per entry, so they answer ungrouped queries over
    /// exactly those playback types with no platform or country filter: the realtime graphs.
    private static func summariesApply(_ query: AggregationQuery) -> Bool {
        let filter = query.filter
        return query.dimensions.isEmpty && filter.playbackTypes == [.live, .dvr] && filter.devices == nil
            && filter.osFamilies == nil && filter.browserFamilies == nil && filter.countries == nil
            && (filter.eventTypes?.contains(.view) ?? true)
    }

    /// Splits the predicate into conditions on the cell key and at most one column test, which
    /// the column statistics answer for counts and for sums of the same column.
    private static func reader(_ aggregation: Aggregation) -> Reader? {
        var conditions: [Predicate] = []
        var columnTest: Predicate?
        var pending = aggregation.predicate.map { [$0] } ?? []
        while let predicate = pending.popLast() {
            switch predicate {
            case .all(let parts): pending += parts
            case .eventType, .playbackType, .engaged, .knownUser, .greaterThan(.bufferTime, 0): conditions.append(predicate)
            case .present, .greaterThan(_, 0):
                guard columnTest == nil || columnTest == predicate else { return nil }
                columnTest = predicate
            case .greaterThan: return nil
            }
        }
        // Cells keep their column statistics in `BeaconColumn.allCases` order.
        func index(_ column: BeaconColumn) -> Int { BeaconColumn.allCases.firstIndex(of: column)! }
        let read: Reader.Read
        switch (aggregation.kind, columnTest) {
        case (.count, nil): read = .count
        case (.count, .present(let column)): read = .presentCount(index(column))
        case (.count, .greaterThan(let column, _)): read = .positiveCount(index(column))
        case (.sum(let column), nil): read = .presentSum(index(column))
        case (.sum(let column), .present(let tested)) where tested == column: read = .presentSum(index(column))
        case (.sum(let column), .greaterThan(let tested, _)) where tested == column: read = .positiveSum(index(column))
        case (.uniqueUsers, nil): read = .users
        default: return nil
        }
        return Reader(read: read, conditions: conditions, summary: nil)
    }
}

extension RollupPlan.Reader {
    private static let bufferTime = BeaconColumn.allCases.firstIndex(of: .bufferTime)!

    var readsUserCells: Bool {
        switch read {
        case .count: true
        case .presentSum(Self.bufferTime), .positiveSum(Self.bufferTime), .positiveCount(Self.bufferTime): true
        default: false
        }
    }
}

extension RollupPlan.Reader.Read {
    /// The value from a user cell of a key that buffered or not, for readers that
    /// ``RollupPlan/Reader/readsUserCells``. A cell's beacons all buffered or none did, so its
    /// positive buffer times are all or none of them.
    func value(_ cell: UserCellValues, buffering: Bool) -> Double {
        switch self {
        case .count: Double(cell.count)
        case .presentSum: cell.bufferTime
        case .positiveSum: buffering ? cell.bufferTime : 0
        case .positiveCount: buffering ? Double(cell.count) : 0
        default: 0
        }
    }
}

extension RollupPlan.Reader.Read {
    var isUsers: Bool {
        if case .users = self { return true }
        return false
    }
}
