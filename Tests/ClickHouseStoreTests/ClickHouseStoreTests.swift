import Beacon
import Foundation
import Simulator
import Store
import Testing

@testable import ClickHouseStore

/// Against a real ClickHouse server: `scripts/test` starts Debian's clickhouse-server on loopback
/// and sets `WEBCAST_CLICKHOUSE_URL`, then runs this suite again against a cluster of two shards with
/// `WEBCAST_CLICKHOUSE_CLUSTER` set. Every answer must equal ``InMemoryStore``'s, which aggregates
/// beacon by beacon.
@Suite(.enabled(if: ClickHouseServer.url != nil, "needs WEBCAST_CLICKHOUSE_URL (scripts/test starts a server)"))
struct ClickHouseStoreTests {
    static let start: Int64 = 1_795_341_600
    static let partnerId = 1001

    struct Stores: Sendable {
        let reference: InMemoryStore
        let clickHouse: ClickHouseStore
        let beacons: [EnrichedBeacon]
    }

    static let shared = Task { try await build() }

    static func build() async throws -> Stores {
        var beacons: [EnrichedBeacon] = []
        for (entry, shape, seed) in [("1_town", AudienceShape.townHall, UInt64(3)), ("1_lecture", .lecture, 4)] {
            let settings = AudienceSettings(
                partnerId: partnerId,
                entryId: entry,
                viewers: 60,
                duration: 1500,
                start: start + 7,
                seed: seed,
                shape: shape
            )
            beacons += Audience.simulate(settings).beacons.map(enriched)
        }
        let other = AudienceSettings(partnerId: 2002, entryId: "1_town", viewers: 20, duration: 600, start: start, seed: 5)
        beacons += Audience.simulate(other).beacons.map(enriched)
        let reference = InMemoryStore()
        try await reference.append(beacons)
        let store = try await ClickHouseServer.store()
        for first in stride(from: 0, to: beacons.count, by: 5000) {
            try await store.append(Array(beacons[first..<min(beacons.count, first + 5000)]))
        }
        return Stores(reference: reference, clickHouse: store, beacons: beacons)
    }

    static func enriched(_ simulated: SimulatedBeacon) -> EnrichedBeacon {
        let beacon = try! BeaconValidator.validate(BeaconParameters(simulated.parameters))
        let context = ReceiveContext(
            timeMs: Int64((simulated.time * 1000).rounded()),
            userAgent: UserAgentClassifier.classify(simulated.userAgent),
            clientIP: "203.0.113.9"
        )
        return Enrichment.enrich(beacon, context: context)
    }

    static let aggregations: [Aggregation] = [
        .count(), .count(where: .eventType(.view)), .uniqueUsers(), .uniqueUsers(where: .eventType(.view)),
        .uniqueUsers(where: .all([.eventType(.view), .engaged])),
        .uniqueUsers(where: .all([.eventType(.view), .greaterThan(.bufferTime, 0)])),
        .uniqueUsers(where: .all([.eventType(.view), .playbackType(.dvr)])),
        .uniqueUsers(where: .all([.eventType(.play), .knownUser])),
        .sum(.bufferTime, where: .eventType(.view)), .sum(.playTimeSum),
        .sum(.actualBitrate, where: .all([.eventType(.view), .greaterThan(.actualBitrate, 0)])),
        .sum(.bandwidth, where: .all([.eventType(.view), .present(.bandwidth)])),
        .count(where: .all([.eventType(.view), .present(.bandwidth)])),
        .count(where: .eventType(.error)), .count(where: .all([])),
    ]

    static func query(
        from: Int64,
        to: Int64,
        bucket: Int? = nil,
        offset: Int = 0,
        dimensions: [Store.Dimension] = [],
        filter change: (inout BeaconFilter) -> Void = { _ in }
    ) -> AggregationQuery {
        var filter = BeaconFilter(partnerId: partnerId, timeRange: (start + from) * 1000..<(start + to) * 1000)
        change(&filter)
        return AggregationQuery(
            filter: filter,
            bucketSeconds: bucket,
            bucketOffsetSeconds: offset,
            dimensions: dimensions,
            aggregations: aggregations
        )
    }

    static func compare(_ query: AggregationQuery, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let stores = try await shared.value
        compare(try await stores.clickHouse.aggregate(query), try await stores.reference.aggregate(query), sourceLocation: sourceLocation)
    }

    static func compare(_ actual: [AggregationRow], _ expected: [AggregationRow], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.map(\.bucketStart) == expected.map(\.bucketStart), sourceLocation: sourceLocation)
        #expect(actual.map(\.dimensions) == expected.map(\.dimensions), sourceLocation: sourceLocation)
        for (row, reference) in zip(actual, expected) {
            for (index, (value, wanted)) in zip(row.values, reference.values).enumerated() {
                // Sums add in another order, so they may differ in the last bits.
                #expect(
                    abs(value - wanted) <= 1e-9 * max(1, abs(wanted)),
                    "aggregation \(index) of \(row.dimensions)",
                    sourceLocation: sourceLocation
                )
            }
        }
    }

    @Test func totalsAndBucketsEqualTheReference() async throws {
        try await Self.compare(Self.query(from: -3600, to: 7200))
        try await Self.compare(Self.query(from: 13, to: 29))
        for width in [10, 60, 3600] {
            try await Self.compare(Self.query(from: -5, to: 1633, bucket: width))
        }
        try await Self.compare(Self.query(from: 0, to: 1800, bucket: 86_400, offset: 3600))
        #expect(try await Self.shared.value.clickHouse.aggregate(Self.query(from: 5000, to: 6000)).isEmpty)
    }

    /// Whole 10-s steps come from the rollup and the seconds at the edges from raw rows; both paths
    /// answer as the reference does, and what the rollup cannot express reads raw rows only.
    @Test func theRollupAnswersWhatItCanAsTheRawRowsDo() async throws {
        let stores = try await Self.shared.value
        let countsAndSums = Self.aggregations.filter { if case .uniqueUsers = $0.kind { false } else { true } }
        var usable = [
            Self.query(from: -3600, to: 7200), Self.query(from: -5, to: 1633, bucket: 10),
            Self.query(from: 0, to: 1800, bucket: 60, dimensions: [.device, .playbackType]),
            Self.query(from: 13, to: 1503, bucket: 3600, offset: 1800, dimensions: [.entryId, .country]),
            Self.query(from: 7, to: 1207, bucket: 30, dimensions: [.osFamily]) {
                $0.eventTypes = [.view]; $0.devices = [.mobile, .computer]
            },
        ]
        for index in usable.indices { usable[index].aggregations = countsAndSums }
        for query in usable {
            let rollup = try #require(ClickHouseRollup.aggregation(query))
            let fromRollup = try await stores.clickHouse.aggregate(query, sql: rollup)
            #expect(!fromRollup.isEmpty)
            Self.compare(fromRollup, try await stores.clickHouse.aggregate(query, sql: ClickHouseQuery.aggregation(query)))
            Self.compare(fromRollup, try await stores.reference.aggregate(query))
        }
        // Unique users read raw rows.
        #expect(ClickHouseRollup.aggregation(Self.query(from: 0, to: 60)) == nil)
        let unusable = [
            Self.query(from: 13, to: 19), Self.query(from: 0, to: 60, bucket: 15), Self.query(from: 0, to: 60, bucket: 60, offset: 5),
            Self.query(from: 0, to: 60, dimensions: [.userKey]), Self.query(from: 0, to: 60) { $0.userIds = ["u1"] },
        ]
        for query in unusable { #expect(ClickHouseRollup.aggregation(query) == nil) }
        var position = Self.query(from: 0, to: 60)
        position.aggregations = [.count(where: .greaterThan(.position, 5))]
        #expect(ClickHouseRollup.aggregation(position) == nil)
    }

    @Test(arguments: Store.Dimension.allCases)
    func groupsByEachDimension(dimension: Store.Dimension) async throws {
        try await Self.compare(Self.query(from: 3, to: 1503, dimensions: [dimension]))
        try await Self.compare(Self.query(from: 0, to: 1800, bucket: 60, dimensions: [dimension, .playbackType]))
    }

    @Test func everyFilterEqualsTheReference() async throws {
        let stores = try await Self.shared.value
        let known = stores.beacons.compactMap(\.userId).first ?? "none"
        let filters: [(inout BeaconFilter) -> Void] = [
            { $0.entryIds = ["1_town", "1_missing"] },
            { $0.eventTypes = [.view, .play] },
            { $0.playbackTypes = [.dvr] },
            { $0.devices = [.mobile] },
            { $0.osFamilies = ["iOS", "Windows"] },
            { $0.browserFamilies = ["Chrome"] },
            { $0.countries = ["", "US"] },
            { $0.userIds = [known] },
            { $0.entryIds = [] },
        ]
        for change in filters {
            try await Self.compare(Self.query(from: 0, to: 1800, bucket: 60, dimensions: [.entryId], filter: change))
            var filter = BeaconFilter(partnerId: Self.partnerId)
            change(&filter)
            #expect(try await stores.clickHouse.count(filter) == (try await stores.reference.count(filter)))
        }
    }

    @Test func anotherPartnersBeaconsAreNeverRead() async throws {
        let stores = try await Self.shared.value
        let all = try await stores.clickHouse.aggregate(AggregationQuery(filter: BeaconFilter(partnerId: 2002), aggregations: [.count()]))
        #expect(all.first?.values == [Double(stores.beacons.filter { $0.partnerId == 2002 }.count)])
        #expect(try await stores.clickHouse.count(BeaconFilter(partnerId: 3003)) == 0)
    }

    @Test func beaconsComeBackAsTheyWereStored() async throws {
        let stores = try await Self.shared.value
        let filter = BeaconFilter(partnerId: Self.partnerId, timeRange: (Self.start + 100) * 1000..<(Self.start + 160) * 1000)
        let expected = try await stores.reference.beacons(filter, limit: 10_000)
        let actual = try await stores.clickHouse.beacons(filter, limit: 10_000)
        #expect(actual.count == expected.count)
        #expect(Set(actual.map(Key.init)) == Set(expected.map(Key.init)))
        #expect(actual.map(\.timeMs) == expected.map(\.timeMs))
        #expect(try await stores.clickHouse.beacons(filter, limit: 7).count == 7)
    }

    /// Field values a beacon may carry that TabSeparated and SQL treat specially.
    @Test func awkwardTextRoundTrips() async throws {
        let store = try await ClickHouseServer.store()
        let texts = ["tab\there", "two\nlines", "back\\slash", "quote'd", "\\N", "Zürich 東京 🎥", "nul\0byte", ""]
        let beacons = texts.enumerated().map { index, text in
            EnrichedBeacon(
                timeMs: 1_795_000_000_000 + Int64(index),
                partnerId: 7,
                entryId: "1_" + text,
                sessionId: text,
                eventType: .view,
                userId: text,
                userKey: "u" + text,
                position: 0.1 + Double(index),
                engagement: text,
                osFamily: text,
                country: text,
                referrer: text,
                extra: ["note": text]
            )
        }
        try await store.append(beacons)
        let back = try await store.beacons(BeaconFilter(partnerId: 7), limit: 100)
        #expect(back == beacons)
    }

    /// Every filter value is a literal: a value written to end it and run SQL matches no beacon and
    /// changes nothing.
    @Test func filterValuesCannotInjectSQL() async throws {
        let stores = try await Self.shared.value
        let before = try await stores.clickHouse.count(BeaconFilter(partnerId: Self.partnerId))
        let attacks = [
            "x' OR 1=1 --", "x\\' OR 1=1 --", "'; DROP TABLE beacon; --", "1_town') OR ('1'='1",
            "x\\", "x' UNION ALL SELECT count() FROM system.tables --",
        ]
        for attack in attacks {
            var filter = BeaconFilter(partnerId: Self.partnerId)
            filter.entryIds = [attack]
            filter.countries = [attack]
            #expect(try await stores.clickHouse.count(filter) == 0, "\(attack)")
            filter.countries = nil
            filter.userIds = [attack]
            let rows = try await stores.clickHouse.aggregate(
                AggregationQuery(filter: filter, dimensions: [.device], aggregations: [.count()])
            )
            #expect(rows.isEmpty, "\(attack)")
            #expect(try await stores.clickHouse.beacons(filter, limit: 10).isEmpty, "\(attack)")
        }
        #expect(try await stores.clickHouse.count(BeaconFilter(partnerId: Self.partnerId)) == before)
    }

    @Test func migrationsRunOnceAndSecondServersAgree() async throws {
        let stores = try await Self.shared.value
        let again = try await ClickHouseStore(stores.clickHouse.configuration)
        let versions = try await again.client.execute("SELECT version FROM schema_migration ORDER BY version FORMAT TabSeparated")
        #expect(versions == ClickHouseSchema.migrations.map { "\($0.version)\n" }.joined())
        #expect(try await again.count(BeaconFilter(partnerId: Self.partnerId)) > 0)
    }

    @Test func retentionDropsWholeDaysBeforeTheCutoff() async throws {
        let store = try await ClickHouseServer.store()
        let day: Int64 = 86_400_000
        let base: Int64 = 1_795_305_600_000  // 2026-11-22 00:00 UTC
        let beacons = (0..<3).map {
            EnrichedBeacon(timeMs: base + Int64($0) * day + 5000, partnerId: 9, entryId: "1_e", sessionId: "s", eventType: .view, userKey: "u")
        }
        try await store.append(beacons)
        #expect(try await store.dropDays(before: base + day + 3_600_000) == [20_261_122])
        #expect(try await store.beacons(BeaconFilter(partnerId: 9), limit: 10).map(\.timeMs) == beacons.dropFirst().map(\.timeMs))
    }

    /// What `serve --retention` calls: it counts the rows of the days it drops, on every shard.
    @Test func retentionCountsTheBeaconsItDeletes() async throws {
        let store = try await ClickHouseServer.store()
        let day: Int64 = 86_400_000
        let base: Int64 = 1_793_491_200_000  // 2026-11-01 00:00 UTC
        let beacons = [0, 1, 1, 2, 2, 2].enumerated().map { index, days in
            EnrichedBeacon(
                timeMs: base + Int64(days) * day + 3_600_000 + Int64(index),
                partnerId: 9,
                entryId: "1_e",
                sessionId: "s",
                eventType: .view,
                userKey: "u"
            )
        }
        try await store.append(beacons)
        let retention: any BeaconRetention = store
        #expect(try await retention.deleteDays(before: base + 2 * day + 7_200_000) == 3)
        #expect(try await store.count(BeaconFilter(partnerId: 9)) == 3)
        #expect(try await retention.deleteDays(before: base + 2 * day + 7_200_000) == 0)
    }

    /// Each shard holds part of the beacons, and the two parts are all of them, each once.
    @Test(.enabled(if: ClickHouseServer.cluster != nil, "needs WEBCAST_CLICKHOUSE_CLUSTER"))
    func aClusterSpreadsBeaconsOverItsShards() async throws {
        let stores = try await Self.shared.value
        let client = stores.clickHouse.client
        let total = try await client.execute("SELECT count() FROM beacon FORMAT TabSeparated")
        let here = try await client.execute("SELECT count() FROM beacon_local FORMAT TabSeparated")
        let shards = try await client.execute(
            "SELECT count() FROM system.clusters WHERE cluster = \(ClickHouseLiteral.string(ClickHouseServer.cluster ?? "")) FORMAT TabSeparated"
        )
        #expect(Int(shards.dropLast()) == 2)
        #expect(Int(total.dropLast()) == stores.beacons.count)
        let local = Int(here.dropLast()) ?? 0
        #expect(local > stores.beacons.count / 4 && local < stores.beacons.count * 3 / 4, "\(local) of \(stores.beacons.count) here")
    }

    @Test func refusalsCarryClickHousesMessage() async throws {
        let store = try await ClickHouseServer.store()
        await #expect {
            try await store.client.execute("SELECT no_such_column FROM beacon")
        } throws: { error in
            (error as? ClickHouseError).map { $0.status == 404 || $0.status == 500 && $0.message.contains("no_such_column") } ?? false
        }
    }

    /// The fields that identify a beacon, for comparing lists whose order of equal times may differ.
    struct Key: Hashable {
        let time: Int64
        let session: String
        let type: Int
        let index: Int64?
        init(_ beacon: EnrichedBeacon) {
            (time, session, type, index) = (beacon.timeMs, beacon.sessionId, beacon.eventType.rawValue, beacon.eventIndex)
        }
    }
}

enum ClickHouseServer {
    static let url = ProcessInfo.processInfo.environment["WEBCAST_CLICKHOUSE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let cluster = ProcessInfo.processInfo.environment["WEBCAST_CLICKHOUSE_CLUSTER"].flatMap { $0.isEmpty ? nil : $0 }

    /// A store in a database of its own, so that tests never see each other's beacons.
    static func store() async throws -> ClickHouseStore {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await ClickHouseStore(ClickHouseConfiguration(url: url ?? "", database: name, cluster: cluster))
    }
}
