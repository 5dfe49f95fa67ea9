import Beacon
import Rollup
import Simulator
import Store
import Testing

/// Rollups must answer every query exactly as the raw beacons do: the reference is
/// ``InMemoryStore``, which filters and aggregates beacon by beacon.
@Suite struct RollupEquivalenceTests {
    static let start: Int64 = 1_795_341_600
    static let partnerId = 1001

    struct Stores: Sendable {
        let raw: InMemoryStore
        let rolled: RollupStore
        let beacons: [EnrichedBeacon]
    }

    /// Built once for the suite: simulating and storing the audiences is most of its time.
    static let shared = Task { try await build() }

    static func stores() async throws -> Stores { try await shared.value }

    /// A town hall and a lecture on two entries, with a second partner beside them.
    static func build() async throws -> Stores {
        let beacons = await offPool {
            var all: [EnrichedBeacon] = []
            for (entry, shape, seed) in [("1_town", AudienceShape.townHall, UInt64(3)), ("1_lecture", .lecture, 4)] {
                let settings = AudienceSettings(
                    partnerId: partnerId,
                    entryId: entry,
                    viewers: 120,
                    duration: 1500,
                    start: start + 7,
                    seed: seed,
                    shape: shape
                )
                all += Audience.simulate(settings).beacons.map(enriched)
            }
            let other = AudienceSettings(partnerId: 2002, entryId: "1_town", viewers: 30, duration: 600, start: start, seed: 5)
            all += Audience.simulate(other).beacons.map(enriched)
            return all
        }
        let raw = InMemoryStore()
        try await raw.append(beacons)
        let rolled = RollupStore(base: InMemoryStore())
        for start in stride(from: 0, to: beacons.count, by: 997) {
            try await rolled.append(Array(beacons[start..<min(beacons.count, start + 997)]))
        }
        return Stores(raw: raw, rolled: rolled, beacons: beacons)
    }

    static func enriched(_ simulated: SimulatedBeacon) -> EnrichedBeacon {
        let beacon = try! BeaconValidator.validate(BeaconParameters(simulated.parameters))
        let context = ReceiveContext(
            timeMs: Int64((simulated.time * 1000).rounded()),
            userAgent: UserAgentClassifier.classify(simulated.userAgent),
            clientIP: nil
        )
        return Enrichment.enrich(beacon, context: context)
    }

    static let aggregations: [Aggregation] = [
        .count(), .count(where: .eventType(.view)), .uniqueUsers(where: .eventType(.view)),
        .uniqueUsers(where: .all([.eventType(.view), .engaged])),
        .uniqueUsers(where: .all([.eventType(.view), .greaterThan(.bufferTime, 0)])),
        .uniqueUsers(where: .all([.eventType(.view), .playbackType(.dvr)])),
        .uniqueUsers(where: .all([.eventType(.play), .knownUser])),
        .sum(.bufferTime, where: .eventType(.view)),
        .sum(.actualBitrate, where: .all([.eventType(.view), .greaterThan(.actualBitrate, 0)])),
        .count(where: .all([.eventType(.view), .greaterThan(.actualBitrate, 0)])),
        .sum(.bandwidth, where: .all([.eventType(.view), .present(.bandwidth)])),
        .count(where: .all([.eventType(.view), .present(.bandwidth)])),
        .count(where: .eventType(.error)),
    ]

    static func compare(_ stores: Stores, _ query: AggregationQuery, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let expected = try await stores.raw.aggregate(query)
        same(try await stores.rolled.aggregate(query), expected, sourceLocation: sourceLocation)
        #expect(!expected.isEmpty || query.filter.timeRange?.isEmpty == true, sourceLocation: sourceLocation)
    }

    /// Equal rows; sums may differ in the last bits, as they add in another order.
    static func same(_ actual: [AggregationRow], _ expected: [AggregationRow], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.map(\.bucketStart) == expected.map(\.bucketStart), sourceLocation: sourceLocation)
        #expect(actual.map(\.dimensions) == expected.map(\.dimensions), sourceLocation: sourceLocation)
        for (row, reference) in zip(actual, expected) {
            for (value, wanted) in zip(row.values, reference.values) {
                #expect(
                    abs(value - wanted) <= 1e-9 * max(1, abs(wanted)),
                    "\(row.bucketStart ?? -1) \(row.dimensions)",
                    sourceLocation: sourceLocation
                )
            }
        }
    }

    static func query(
        from: Int64,
        to: Int64,
        bucket: Int? = nil,
        offset: Int = 0,
        dimensions: [Dimension] = [],
        entries: Set<String>? = nil,
        playback: Set<PlaybackType>? = nil,
        devices: Set<DeviceClass>? = nil
    ) -> AggregationQuery {
        AggregationQuery(
            filter: BeaconFilter(
                partnerId: partnerId,
                timeRange: from * 1000..<to * 1000,
                entryIds: entries,
                playbackTypes: playback,
                devices: devices
            ),
            bucketSeconds: bucket,
            bucketOffsetSeconds: offset,
            dimensions: dimensions,
            aggregations: aggregations
        )
    }

    @Test func totalsOverAlignedAndUnalignedRanges() async throws {
        let stores = try await Self.stores()
        for (from, to) in [(0, 3600), (7, 1507), (60, 1200), (13, 29), (600, 607), (1195, 1805), (-3600, 7200)] as [(Int64, Int64)] {
            try await Self.compare(stores, Self.query(from: Self.start + from, to: Self.start + to))
        }
    }

    @Test(arguments: [10, 60, 600, 3600, 30, 120])
    func bucketsOfEveryWidth(width: Int) async throws {
        let stores = try await Self.stores()
        try await Self.compare(stores, Self.query(from: Self.start - 5, to: Self.start + 1633, bucket: width))
        try await Self.compare(stores, Self.query(from: Self.start, to: Self.start + 1800, bucket: width, offset: 1800))
    }

    /// The realtime graphs' shape (live and DVR, no grouping), which entry summaries answer.
    @Test(arguments: [10, 60, 30, 3600])
    func realtimeGraphsOverEntrySummaries(width: Int) async throws {
        let stores = try await Self.stores()
        for entries in [nil, ["1_town"], ["1_town", "1_lecture"]] as [Set<String>?] {
            try await Self.compare(
                stores,
                Self.query(from: Self.start - 3, to: Self.start + 1613, bucket: width, entries: entries, playback: [.live, .dvr])
            )
        }
        try await Self.compare(stores, Self.query(from: Self.start + 4, to: Self.start + 1504, playback: [.live, .dvr]))
    }

    @Test(arguments: Dimension.allCases.filter { ![.userKey, .userId, .flavorParamsId].contains($0) })
    func groupsByEachDimension(dimension: Dimension) async throws {
        let stores = try await Self.stores()
        try await Self.compare(stores, Self.query(from: Self.start + 3, to: Self.start + 1503, dimensions: [dimension]))
        try await Self.compare(stores, Self.query(from: Self.start, to: Self.start + 1800, bucket: 60, dimensions: [dimension, .playbackType]))
    }

    @Test func filtersNarrowTheCells() async throws {
        let stores = try await Self.stores()
        try await Self.compare(stores, Self.query(from: Self.start, to: Self.start + 1800, bucket: 10, entries: ["1_town"]))
        try await Self.compare(stores, Self.query(from: Self.start + 1, to: Self.start + 1799, playback: [.dvr], devices: [.mobile, .computer]))
        try await Self.compare(
            stores,
            Self.query(from: Self.start, to: Self.start + 900, dimensions: [.device], entries: ["1_lecture", "1_missing"], playback: [.live, .dvr])
        )
    }

    @Test func queriesRollupsCannotAnswerReadRawBeaconsAndAreCounted() async throws {
        let built = try await Self.stores()
        // A store of its own, so that the other tests' queries do not add to its counts.
        let stores = Stores(raw: built.raw, rolled: RollupStore(base: built.raw), beacons: built.beacons)
        #expect(try await stores.rolled.rebuild() == built.beacons.count)
        var odd = Self.query(from: Self.start, to: Self.start + 1800)
        odd.aggregations = [.count(where: .greaterThan(.bufferTime, 1))]
        try await Self.compare(stores, odd)
        var offGrid = Self.query(from: Self.start, to: Self.start + 1800, bucket: 15)
        offGrid.aggregations = [.count()]
        try await Self.compare(stores, offGrid)
        #expect(stores.rolled.fallbacks == ["predicate": 1, "bucket_alignment": 1])
    }

    @Test func aRebuildFromRawBeaconsAnswersTheSame() async throws {
        let stores = try await Self.stores()
        let rebuilt = RollupStore(base: stores.rolled.base)
        #expect(try await rebuilt.rebuild(batchSize: 1000) == stores.beacons.count)
        let query = Self.query(from: Self.start + 5, to: Self.start + 1805, bucket: 60, dimensions: [.device])
        Self.same(try await rebuilt.aggregate(query), try await stores.raw.aggregate(query))
    }
}
