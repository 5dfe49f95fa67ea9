import Beacon
import Foundation
import SQLiteStore
import Store
import Testing

/// The aggregation contract, checked twice: against numbers worked out by hand on a small audience,
/// and the SQLite store against the in-memory reference on a larger seeded one.
@Suite struct AggregationTests {
    /// Three viewers over 30 s: jane (two sessions, live then DVR), an anonymous viewer, and bob on partner 7.
    static let audience: [EnrichedBeacon] = [
        view(at: 1_000, session: "j1", user: "jane", bufferTime: 2, bitrate: 1000, engaged: true),
        view(at: 1_005, session: "anon", bufferTime: 0, bitrate: 2000, device: .mobile),
        view(at: 1_010, session: "j1", user: "jane", bufferTime: 0, bitrate: 1000, engaged: true),
        view(at: 1_015, session: "anon", bufferTime: 5, bitrate: nil, device: .mobile),
        view(at: 1_020, session: "j2", user: "jane", playback: .dvr, bufferTime: 1, bitrate: 3000),
        view(at: 1_020, partner: 7, session: "b", user: "bob", bitrate: 9000),
    ]

    static func stores() throws -> [any BeaconStore] {
        [InMemoryStore(), try SQLiteStore(directory: temporaryDirectory())]
    }

    @Test func bucketsAndConditionalAggregatesMatchHandComputedValues() async throws {
        let query = AggregationQuery(
            filter: BeaconFilter(partnerId: 42, eventTypes: [.view]),
            bucketSeconds: 10,
            aggregations: [
                .count(),
                .uniqueUsers(),
                .uniqueUsers(where: .engaged),
                .uniqueUsers(where: .greaterThan(.bufferTime, 0)),
                .sum(.bufferTime),
                .sum(.actualBitrate, where: .greaterThan(.actualBitrate, 0)),
                .count(where: .greaterThan(.actualBitrate, 0)),
                .count(where: .playbackType(.dvr)),
            ]
        )
        let expected = [
            AggregationRow(bucketStart: 1_000, dimensions: [], values: [2, 2, 1, 1, 2, 3000, 2, 0]),
            AggregationRow(bucketStart: 1_010, dimensions: [], values: [2, 2, 1, 1, 5, 1000, 1, 0]),
            AggregationRow(bucketStart: 1_020, dimensions: [], values: [1, 1, 0, 1, 1, 3000, 1, 1]),
        ]
        for store in try Self.stores() {
            try await store.append(Self.audience)
            #expect(try await store.aggregate(query) == expected, "\(type(of: store))")
        }
    }

    @Test func wholeRangeByDimensionCountsUsersOnce() async throws {
        let query = AggregationQuery(
            filter: BeaconFilter(partnerId: 42, timeRange: 1_000_000..<1_030_000),
            dimensions: [.device],
            aggregations: [.uniqueUsers(), .count()]
        )
        let expected = [
            AggregationRow(bucketStart: nil, dimensions: ["Computer"], values: [1, 3]),
            AggregationRow(bucketStart: nil, dimensions: ["Mobile"], values: [1, 2]),
        ]
        for store in try Self.stores() {
            try await store.append(Self.audience)
            #expect(try await store.aggregate(query) == expected, "\(type(of: store))")
        }
    }

    @Test func bucketOffsetShiftsBoundaries() async throws {
        let query = AggregationQuery(
            filter: BeaconFilter(partnerId: 42),
            bucketSeconds: 3_600,
            bucketOffsetSeconds: 2 * 3_600,
            aggregations: [.count()]
        )
        for store in try Self.stores() {
            try await store.append([view(at: 7_100, session: "a"), view(at: 7_300, session: "b")])
            // Two hours ahead of UTC, 7_100 s is 03:58:20 local (hour from 3_600 s UTC) and 7_300 s is 04:01:40 local.
            let buckets = try await store.aggregate(query).map(\.bucketStart)
            #expect(buckets == [3_600, 7_200], "\(type(of: store))")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func sqliteMatchesTheReferenceOnSeededAudiences(seed: UInt64) async throws {
        var generator = SeededBeacons(seed: seed)
        let beacons = generator.make(count: 3_000, start: 1_795_000_000)
        let reference = InMemoryStore()
        let sqlite = try SQLiteStore(directory: temporaryDirectory())
        try await reference.append(beacons)
        try await sqlite.append(beacons)
        let everything: [Aggregation] = [
            .count(), .uniqueUsers(), .uniqueUsers(where: .engaged), .sum(.bufferTime), .sum(.actualBitrate, where: .present(.actualBitrate)),
            .count(where: .all([.eventType(.view), .playbackType(.live)])), .uniqueUsers(where: .playbackType(.dvr)),
        ]
        let queries = [
            AggregationQuery(filter: BeaconFilter(partnerId: 42), bucketSeconds: 10, aggregations: everything),
            AggregationQuery(
                filter: BeaconFilter(partnerId: 42, eventTypes: [.view]),
                bucketSeconds: 60,
                dimensions: [.entryId, .playbackType],
                aggregations: everything
            ),
            AggregationQuery(
                filter: BeaconFilter(partnerId: 42, devices: [.mobile, .tablet], countries: ["", "IL"]),
                dimensions: [.userKey],
                aggregations: everything
            ),
            AggregationQuery(
                filter: BeaconFilter(partnerId: 7, timeRange: 1_795_000_600_000..<1_795_001_800_000),
                dimensions: [.osFamily, .browserFamily, .country],
                aggregations: everything
            ),
            AggregationQuery(filter: BeaconFilter(partnerId: 42, entryIds: []), aggregations: [.count()]),
        ]
        for (index, query) in queries.enumerated() {
            let expected = try await reference.aggregate(query)
            let actual = try await sqlite.aggregate(query)
            #expect(actual.count == expected.count, "query \(index)")
            let firstDifference = zip(actual, expected).first { $0 != $1 }
            #expect(
                firstDifference == nil,
                "query \(index): sqlite \(String(describing: firstDifference?.0)) reference \(String(describing: firstDifference?.1))"
            )
        }
        #expect(
            try await sqlite.count(BeaconFilter(partnerId: 42, userIds: ["user1", "user2"]))
                == reference.count(BeaconFilter(partnerId: 42, userIds: ["user1", "user2"]))
        )
    }
}

/// Columns are the rows turned sideways: the same values in the same order.
@Suite struct AggregationColumnsTests {
    static let query = AggregationQuery(
        filter: BeaconFilter(partnerId: 1),
        bucketSeconds: 10,
        dimensions: [.entryId, .device],
        aggregations: [.count(), .uniqueUsers()]
    )

    static let rows = [
        AggregationRow(bucketStart: 0, dimensions: ["1_a", "Desktop"], values: [3, 2]),
        AggregationRow(bucketStart: 0, dimensions: ["1_b", "Mobile"], values: [1, 1]),
        AggregationRow(bucketStart: 10, dimensions: ["1_a", "Mobile"], values: [5, 4]),
    ]

    @Test func rowsSurviveTheRoundTrip() {
        let columns = AggregationColumns(Self.rows, query: Self.query)
        #expect(columns.count == 3)
        #expect(columns.dimensions == [["1_a", "1_b", "1_a"], ["Desktop", "Mobile", "Mobile"]])
        #expect(columns.values == [[3, 1, 5], [2, 1, 4]])
        #expect(columns.rows == Self.rows)
    }

    @Test func filterKeepsOrder() {
        let columns = AggregationColumns(Self.rows, query: Self.query).filter { $0 != 1 }
        #expect(columns.rows == [Self.rows[0], Self.rows[2]])
        let none = AggregationColumns([], query: Self.query)
        #expect(none.dimensions.count == 2 && none.values.count == 2 && none.count == 0)
    }
}
