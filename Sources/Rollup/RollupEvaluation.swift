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
        var readers: ReaderSet
        var known: Bool
        var buffering: Bool
    }

    let plan: RollupPlan
    let query: AggregationQuery
    /// The readers' reads, which hold no references.
    private let reads: [RollupPlan.Reader.Read]
    /// Groups are numbered; group g's value for reader r is at g × readers + r. Flat arrays, not
    /// an array per group: a user list has 100,000 groups.
    private var groupNumbers: [GroupKey: Int] = [:]
    private(set) var groupKeys: [GroupKey] = []
    private(set) var values: [Double] = []
    private(set) var users: [UserSet] = []
    private var dimensionNumbers: [[String]: Int] = [:]
    private(set) var dimensionValues: [[String]] = []
    /// Per cell key number: not yet looked at, filtered out, or its info.
    private var keyInfo: [KeyInfo??] = []

    /// Per user number and known flag, for per-user queries: the user's latest group, found by
    /// index. Only users with several groups (buckets, playback types) are hashed as well.
    private var userGroups: [LatestGroup]
    /// Anonymous users' groups come first, then known ones': a user is usually one of the two,
    /// and the half it is not in stays out of the cache.
    private let userCount: Int

    /// A user's latest group and what tells it apart from the user's others, in one place:
    /// 100,000 users' groups do not fit in a cache, and this is read once per user cell.
    struct LatestGroup {
        var number: Int32 = -1
        var dimensions: Int32 = 0
        var bucket: Int64 = 0

        init() {}

        init(_ number: Int, _ key: GroupKey) {
            self.number = Int32(number)
            dimensions = Int32(key.dimensions)
            bucket = key.bucket ?? .min
        }

        func holds(_ key: GroupKey) -> Bool { Int(dimensions) == key.dimensions && bucket == key.bucket ?? .min }
    }

    private let byUserKey: Bool
    private let byUserId: Bool
    private let readsUsers: Bool

    /// - Parameter userCount: the partner's users, who can be found by index.
    init(plan: RollupPlan, query: AggregationQuery, userCount: Int = 0) {
        self.plan = plan
        self.query = query
        byUserKey = plan.dimensions.contains(.userKey)
        byUserId = plan.dimensions.contains(.userId)
        readsUsers = plan.readers.contains { $0.read.isUsers }
        reads = plan.readers.map(\.read)
        self.userCount = plan.perUser ? userCount : 0
        userGroups = Array(repeating: LatestGroup(), count: self.userCount * 2)
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

    /// The key is read only the first time its number is seen.
    mutating func info(_ number: Int, _ cellKey: @autoclosure () -> CellKey) -> KeyInfo? {
        if number >= keyInfo.count { keyInfo += Array(repeating: nil, count: number - keyInfo.count + 1) }
        if let known = keyInfo[number] { return known }
        let key = cellKey()
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
            info = KeyInfo(
                dimensions: dimensions,
                readers: ReaderSet(plan.readers.indices.filter { plan.readers[$0].applies(to: key) }),
                known: key.known,
                buffering: key.buffering
            )
        }
        keyInfo[number] = .some(info)
        return info
    }

    /// Where the group's values start in `values` (and `users`), making the group if new.
    private mutating func slot(_ key: GroupKey) -> Int {
        group(key) * plan.readers.count
    }

    /// The group's number. Every group is in `groupNumbers` except each user's latest one, which
    /// is in `userGroups`; a user list of 100,000 rows is built without hashing.
    private mutating func group(_ key: GroupKey) -> Int {
        guard key.user >= 0, key.user < userCount else { return groupNumbers[key] ?? newGroup(key, hashed: true) }
        let cacheIndex = Int(key.user) + (key.known ? userCount : 0)
        let latest = userGroups[cacheIndex]
        if latest.number >= 0, latest.holds(key) { return Int(latest.number) }
        let number: Int
        if latest.number < 0 {
            number = newGroup(key, hashed: false)
        } else {
            groupNumbers[groupKeys[Int(latest.number)]] = Int(latest.number)
            number = groupNumbers[key] ?? newGroup(key, hashed: true)
        }
        userGroups[cacheIndex] = LatestGroup(number, key)
        return number
    }

    private mutating func newGroup(_ key: GroupKey, hashed: Bool) -> Int {
        let readers = plan.readers.count
        if hashed { groupNumbers[key] = groupKeys.count }
        groupKeys.append(key)
        values.append(contentsOf: repeatElement(0, count: readers))
        if readsUsers { users.append(contentsOf: repeatElement(UserSet(), count: readers)) }
        return groupKeys.count - 1
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
    mutating func add(_ cell: UserCellValues, user: UInt32, info: KeyInfo, bucket: Int64?) {
        let base = slot(groupKey(bucket: bucket, dimensions: info.dimensions, user: user, known: info.known))
        for index in info.readers { values[base + index] += reads[index].value(cell, buffering: info.buffering) }
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
