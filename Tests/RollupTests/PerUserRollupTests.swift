import Beacon
import Rollup
import Store
import Testing

/// User cells must answer the per-user reports' queries (grouped by user, or filtered by user
/// id) exactly as the raw beacons do, including ranges older than the one-second user cells kept.
@Suite struct PerUserRollupTests {
    typealias Equivalence = RollupEquivalenceTests
    static let start = Equivalence.start

    /// The aggregations of ENTRY_LEVEL_USERS_DISCOVERY_REALTIME: views by playback type, engaged
    /// and buffering views, buffer time, and a buffering count as a column test.
    static let userAggregations: [Aggregation] = [
        .count(where: .all([.eventType(.view), .playbackType(.live)])),
        .count(where: .all([.eventType(.view), .playbackType(.dvr)])),
        .count(where: .eventType(.view)),
        .count(where: .all([.eventType(.view), .greaterThan(.bufferTime, 0)])),
        .count(where: .all([.eventType(.view), .engaged])),
        .sum(.bufferTime, where: .eventType(.view)),
        .sum(.bufferTime, where: .all([.eventType(.view), .greaterThan(.bufferTime, 0)])),
        .count(where: .all([.eventType(.play), .knownUser])),
        .count(),
    ]

    static func query(
        from: Int64?,
        to: Int64?,
        bucket: Int? = nil,
        dimensions: [Dimension],
        userIds: Set<String>? = nil
    ) -> AggregationQuery {
        var filter = BeaconFilter(partnerId: Equivalence.partnerId, userIds: userIds)
        if let from, let to { filter.timeRange = from * 1000..<to * 1000 }
        return AggregationQuery(filter: filter, bucketSeconds: bucket, dimensions: dimensions, aggregations: userAggregations)
    }

    /// The data ends near start + 1507 s, so one-second user cells before about start + 1146 s
    /// are no longer kept and those blocks read raw beacons.
    static let ranges: [(Int64, Int64)] = [(0, 1800), (7, 1507), (1207, 1507), (1200, 1500), (113, 397), (600, 607), (-3600, 7200)]

    @Test(arguments: [[Dimension.userKey, .userId], [.userKey, .playbackType], [.userId], [.entryId, .userKey], [.userKey]])
    func groupedByUserOverRecentAndOldRanges(dimensions: [Dimension]) async throws {
        let stores = try await Equivalence.stores()
        for (from, to) in Self.ranges {
            try await Equivalence.compare(stores, Self.query(from: Self.start + from, to: Self.start + to, dimensions: dimensions))
        }
        try await Equivalence.compare(stores, Self.query(from: nil, to: nil, dimensions: dimensions))
    }

    @Test(arguments: [10, 60, 600])
    func bucketedPerUser(width: Int) async throws {
        let stores = try await Equivalence.stores()
        try await Equivalence.compare(stores, Self.query(from: Self.start + 3, to: Self.start + 1503, bucket: width, dimensions: [.userKey]))
    }

    @Test func filteredByUserIds() async throws {
        let stores = try await Equivalence.stores()
        let known = Set(stores.beacons.compactMap(\.userId).filter { !$0.isEmpty })
        let chosen = Set(known.sorted().prefix(5)).union(["nobody"])
        #expect(chosen.count == 6)
        for dimensions in [[], [Dimension.userKey], [.device]] {
            try await Equivalence.compare(stores, Self.query(from: Self.start + 1, to: Self.start + 1501, dimensions: dimensions, userIds: chosen))
            try await Equivalence.compare(
                stores,
                Self.query(from: Self.start, to: Self.start + 1500, bucket: 60, dimensions: dimensions, userIds: chosen)
            )
        }
    }

    @Test func whatUserCellsCannotAnswerReadsRawBeaconsAndIsCounted() async throws {
        let built = try await Equivalence.stores()
        let stores = Equivalence.Stores(raw: built.raw, rolled: RollupStore(base: built.raw), beacons: built.beacons)
        #expect(try await stores.rolled.rebuild() == built.beacons.count)
        // Unique users per user, a filter on the empty user id, and grouping by flavor.
        var uniques = Self.query(from: Self.start + 1200, to: Self.start + 1500, dimensions: [.userKey])
        uniques.aggregations = [.uniqueUsers(where: .eventType(.view))]
        try await Equivalence.compare(stores, uniques)
        var empty = Self.query(from: Self.start, to: Self.start + 1500, dimensions: [], userIds: [""])
        empty.aggregations = [.count()]
        _ = try await stores.rolled.aggregate(empty)
        var flavor = Self.query(from: Self.start, to: Self.start + 1500, dimensions: [.flavorParamsId])
        flavor.aggregations = [.count()]
        try await Equivalence.compare(stores, flavor)
        #expect(stores.rolled.fallbacks == ["user_metric": 1, "user_filter": 1, "user_dimension": 1])
        // The last five minutes come from user cells alone; the first minutes read raw beacons.
        try await Equivalence.compare(stores, Self.query(from: Self.start + 1207, to: Self.start + 1507, dimensions: [.userKey]))
        #expect(stores.rolled.fallbacks[RollupStore.expiredReason] == nil)
        try await Equivalence.compare(stores, Self.query(from: Self.start + 7, to: Self.start + 307, dimensions: [.userKey]))
        #expect(stores.rolled.fallbacks[RollupStore.expiredReason] == 1)
    }
}
