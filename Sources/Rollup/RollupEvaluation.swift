import Beacon
import Store

/// One query's groups, filled from rollup cells (the aligned core of its range) and from raw
/// beacons (the seconds at its edges), then turned into the rows the raw store would return.
struct RollupEvaluation {
    struct GroupKey: Hashable {
        var bucket: Int64?
        var dimensions: Int
    }

    struct Group {
        var values: [Double]
        var users: [UserSet]
    }

    /// What a cell key means for this query: its group and the readers that apply to it.
    struct KeyInfo {
        var dimensions: Int
        var readers: [Int]
    }

    let plan: RollupPlan
    let query: AggregationQuery
    private var groups: [GroupKey: Group] = [:]
    private var dimensionNumbers: [[String]: Int] = [:]
    private var dimensionValues: [[String]] = []
    /// Per cell key number: not yet looked at, filtered out, or its info.
    private var keyInfo: [KeyInfo??] = []

    init(plan: RollupPlan, query: AggregationQuery) {
        self.plan = plan
        self.query = query
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

    private mutating func withGroup(_ key: GroupKey, _ body: (RollupPlan, inout Group) -> Void) {
        let plan = plan
        let readers = plan.readers.count
        body(plan, &groups[key, default: Group(values: Array(repeating: 0, count: readers), users: Array(repeating: UserSet(), count: readers))])
    }

    mutating func add(_ cell: CellValues, info: KeyInfo, bucket: Int64?) {
        guard cell.count > 0 else { return }
        withGroup(GroupKey(bucket: bucket, dimensions: info.dimensions)) { plan, group in
            for index in info.readers {
                let reader = plan.readers[index]
                if case .users = reader.read {
                    group.users[index].formUnion(cell.users)
                } else {
                    group.values[index] += reader.value(cell)
                }
            }
        }
    }

    mutating func add(_ beacon: EnrichedBeacon, user: UInt32, info: KeyInfo, bucket: Int64?) {
        withGroup(GroupKey(bucket: bucket, dimensions: info.dimensions)) { plan, group in
            for (index, reader) in plan.readers.enumerated() where EntrySummary.counts(beacon) && reader.summary?.holds(beacon) == true {
                group.users[index].insert(user)
            }
            for index in info.readers {
                let reader = plan.readers[index]
                if case .users = reader.read {
                    _ = group.users[index].insert(user)
                } else {
                    group.values[index] += reader.value(beacon)
                }
            }
        }
    }

    var readsSummaries: Bool { plan.readers.contains { $0.summary != nil } }

    /// An entry summary's sets into the bucket's group, which its cells have made if it has any.
    mutating func add(_ summary: EntrySummary, bucket: Int64?) {
        guard let dimensions = dimensionNumbers[[]], groups[GroupKey(bucket: bucket, dimensions: dimensions)] != nil else { return }
        withGroup(GroupKey(bucket: bucket, dimensions: dimensions)) { plan, group in
            for (index, reader) in plan.readers.enumerated() {
                if let kind = reader.summary { group.users[index].formUnion(summary.sets[kind.rawValue]) }
            }
        }
    }

    func rows() -> [AggregationRow] {
        groups.map { key, group in
            AggregationRow(
                bucketStart: key.bucket,
                dimensions: dimensionValues[key.dimensions],
                values: plan.readers.indices.map { index in
                    if case .users = plan.readers[index].read { return Double(group.users[index].count) }
                    return group.values[index]
                }
            )
        }
        .sorted(by: AggregationRow.canonicalOrder)
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
