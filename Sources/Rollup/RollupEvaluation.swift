import Beacon
import Store

/// One query's groups, filled from rollup cells (the aligned core of its range) and from raw
/// beacons (the seconds at its edges), then turned into the rows the raw store would return.
struct RollupEvaluation {
    struct GroupKey: Hashable {
        var bucket: Int64?
        var dimensions: Int
        /// The user number when rows split by user, else -1.
        var user: Int64 = -1
        /// Whether the user sent a user id, when rows split by it.
        var known = false
    }

    /// What a cell key means for this query: its group and the readers that apply to it.
    struct KeyInfo {
        var dimensions: Int
        var readers: [Int]
    }

    let plan: RollupPlan
    let query: AggregationQuery
    /// Groups are numbered; group g's value for reader r is at g × readers + r. Flat arrays, not
    /// an array per group: a user list has 100,000 groups.
    private var groupNumbers: [GroupKey: Int] = [:]
    private var groupKeys: [GroupKey] = []
    private var values: [Double] = []
    private var users: [UserSet] = []
    private var dimensionNumbers: [[String]: Int] = [:]
    private var dimensionValues: [[String]] = []
    /// Per cell key number: not yet looked at, filtered out, or its info.
    private var keyInfo: [KeyInfo??] = []

    private let byUserKey: Bool
    private let byUserId: Bool
    private let readsUsers: Bool

    init(plan: RollupPlan, query: AggregationQuery) {
        self.plan = plan
        self.query = query
        byUserKey = plan.dimensions.contains(.userKey)
        byUserId = plan.dimensions.contains(.userId)
        readsUsers = plan.readers.contains { $0.read.isUsers }
    }

    /// The group of a user's beacons: rows split by user key, or by user id, which puts every
    /// anonymous viewer in one row.
    private func groupKey(bucket: Int64?, dimensions: Int, user: UInt32, known: Bool) -> GroupKey {
        switch (byUserKey, byUserId) {
        case (true, _): GroupKey(bucket: bucket, dimensions: dimensions, user: Int64(user), known: byUserId && known)
        case (false, true): GroupKey(bucket: bucket, dimensions: dimensions, user: known ? Int64(user) : -1, known: known)
        case (false, false): GroupKey(bucket: bucket, dimensions: dimensions)
        }
    }

    mutating func info(_ number: Int, _ key: CellKey) -> KeyInfo? {
        if number >= keyInfo.count { keyInfo += Array(repeating: nil, count: number - keyInfo.count + 1) }
        if let known = keyInfo[number] { return known }
        var info: KeyInfo?
        if key.matches(query.filter) {
            let values = plan.dimensions.map { key.value($0) ?? "" }
            let dimensions: Int
            if let known = dimensionNumbers[values] {
                dimensions = known
            } else {
                dimensions = dimensionValues.count
                dimensionNumbers[values] = dimensions
                dimensionValues.append(values)
            }
            info = KeyInfo(dimensions: dimensions, readers: plan.readers.indices.filter { plan.readers[$0].applies(to: key) })
        }
        keyInfo[number] = .some(info)
        return info
    }

    /// Where the group's values start in `values` (and `users`), making the group if new.
    private mutating func slot(_ key: GroupKey) -> Int {
        let readers = plan.readers.count
        if let number = groupNumbers[key] { return number * readers }
        groupNumbers[key] = groupKeys.count
        groupKeys.append(key)
        values.append(contentsOf: repeatElement(0, count: readers))
        if readsUsers { users.append(contentsOf: repeatElement(UserSet(), count: readers)) }
        return (groupKeys.count - 1) * readers
    }

    mutating func add(_ cell: CellValues, info: KeyInfo, bucket: Int64?) {
        guard cell.count > 0 else { return }
        let base = slot(GroupKey(bucket: bucket, dimensions: info.dimensions))
        for index in info.readers {
            let reader = plan.readers[index]
            if case .users = reader.read {
                users[base + index].formUnion(cell.users)
            } else {
                values[base + index] += reader.value(cell)
            }
        }
    }

    /// One user's cell of a per-user query.
    mutating func add(_ cell: UserCellValues, key: CellKey, user: UInt32, info: KeyInfo, bucket: Int64?) {
        let base = slot(groupKey(bucket: bucket, dimensions: info.dimensions, user: user, known: key.known))
        for index in info.readers { values[base + index] += plan.readers[index].value(cell, key: key) }
    }

    mutating func add(_ beacon: EnrichedBeacon, user: UInt32, info: KeyInfo, bucket: Int64?) {
        let known = !(beacon.userId ?? "").isEmpty
        let base = slot(groupKey(bucket: bucket, dimensions: info.dimensions, user: user, known: known))
        for (index, reader) in plan.readers.enumerated() where EntrySummary.counts(beacon) && reader.summary?.holds(beacon) == true {
            users[base + index].insert(user)
        }
        for index in info.readers {
            let reader = plan.readers[index]
            if case .users = reader.read {
                _ = users[base + index].insert(user)
            } else {
                values[base + index] += reader.value(beacon)
            }
        }
    }

    var readsSummaries: Bool { plan.readers.contains { $0.summary != nil } }

    /// An entry summary's sets into the bucket's group, which its cells have made if it has any.
    mutating func add(_ summary: EntrySummary, bucket: Int64?) {
        guard let dimensions = dimensionNumbers[[]], groupNumbers[GroupKey(bucket: bucket, dimensions: dimensions)] != nil else { return }
        let base = slot(GroupKey(bucket: bucket, dimensions: dimensions))
        for (index, reader) in plan.readers.enumerated() {
            if let kind = reader.summary { users[base + index].formUnion(summary.sets[kind.rawValue]) }
        }
    }

    /// The rows; `userKeys` names the user numbers of a per-user query.
    func rows(userKeys: [String] = []) -> [AggregationRow] {
        let readers = plan.readers.count
        let rows = groupKeys.enumerated().map { number, key in
            var dimensions = dimensionValues[key.dimensions]
            for (index, dimension) in plan.dimensions.enumerated() {
                if dimension == .userKey { dimensions[index] = userKeys[Int(key.user)] }
                if dimension == .userId { dimensions[index] = key.known ? userKeys[Int(key.user)] : "" }
            }
            let base = number * readers
            return AggregationRow(
                bucketStart: key.bucket,
                dimensions: dimensions,
                values: plan.readers.indices.map { index in
                    if case .users = plan.readers[index].read { return Double(users[base + index].count) }
                    return values[base + index]
                }
            )
        }
        // Sorting positions, not rows, moves no references: a user list has 100,000 rows.
        let order = rows.withUnsafeBufferPointer { rows in
            rows.indices.sorted { AggregationRow.canonicalOrder(rows[$0], rows[$1]) }
        }
        return order.map { rows[$0] }
    }
}

extension RollupPlan.Reader {
    func value(_ beacon: EnrichedBeacon) -> Double {
        func column(_ index: Int) -> Double? { BeaconColumn.allCases[index].value(of: beacon) }
        switch read {
        case .count: return 1
        case .presentCount(let index): return column(index) == nil ? 0 : 1
        case .positiveCount(let index): return (column(index) ?? 0) > 0 ? 1 : 0
        case .presentSum(let index): return column(index) ?? 0
        case .positiveSum(let index): return max(0, column(index) ?? 0)
        case .users: return 0
        }
    }
}
