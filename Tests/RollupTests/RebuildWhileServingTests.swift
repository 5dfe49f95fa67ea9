import Beacon
import Rollup
import Simulator
import Store
import Testing

/// A server rebuilds its rollups while it takes beacons: every beacon counts once, whether the
/// rebuild read it or it was appended meanwhile, and queries meanwhile answer from raw beacons.
@Suite struct RebuildWhileServingTests {
    typealias Equivalence = RollupEquivalenceTests

    @Test func beaconsAppendedDuringTheRebuildCountOnce() async throws {
        let beacons = await offPool {
            let settings = AudienceSettings(
                partnerId: Equivalence.partnerId,
                entryId: "1_town",
                viewers: 80,
                duration: 900,
                start: Equivalence.start,
                seed: 12
            )
            return Audience.simulate(settings).beacons.map(Equivalence.enriched)
        }
        let split = beacons.count * 2 / 3
        let raw = InMemoryStore()
        try await raw.append(beacons)
        let base = GatedStore()
        try await base.append(Array(beacons[..<split]))
        let rolled = RollupStore(base: base)
        let stores = Equivalence.Stores(raw: raw, rolled: rolled, beacons: beacons)

        let rebuild = try await rolled.startRebuild(batchSize: 50)
        let appends = Array(stride(from: split, to: beacons.count, by: 400))
        // Half the appends land before the rebuild reads anything (a scan past its bound would
        // count them twice), the rest while it reads.
        for (number, start) in appends.enumerated() {
            if number == appends.count / 2 { base.open.finish() }
            try await rolled.append(Array(beacons[start..<min(beacons.count, start + 400)]))
        }
        let whole = Equivalence.query(from: Equivalence.start - 60, to: Equivalence.start + 1000, bucket: 60)
        if rolled.isRebuilding {
            // Answered from the raw beacons, so already complete.
            try await Equivalence.compare(stores, whole)
        }
        #expect(try await rebuild.value == beacons.count)
        #expect(!rolled.isRebuilding)
        #expect(rolled.beaconCount == beacons.count)
        let before = rolled.fallbacks[RollupStore.rebuildingReason, default: 0]
        try await Equivalence.compare(stores, whole)
        try await Equivalence.compare(stores, Equivalence.query(from: Equivalence.start, to: Equivalence.start + 900, dimensions: [.device]))
        try await Equivalence.compare(stores, PerUserRollupTests.query(from: Equivalence.start, to: Equivalence.start + 900, dimensions: [.userKey]))
        #expect(rolled.fallbacks[RollupStore.rebuildingReason, default: 0] == before)
    }

    @Test func queriesDuringARebuildReadRawBeaconsAndAreCounted() async throws {
        let base = GatedStore()
        let beacons = (0..<2_000).map {
            EnrichedBeacon(
                timeMs: (Equivalence.start + Int64($0 / 10)) * 1000,
                partnerId: Equivalence.partnerId,
                entryId: "1_e",
                sessionId: "s\($0 % 10)",
                eventType: .view,
                userKey: "s\($0 % 10)"
            )
        }
        try await base.append(beacons)
        let rolled = RollupStore(base: base)
        let query = AggregationQuery(filter: BeaconFilter(partnerId: Equivalence.partnerId), aggregations: [.count(), .uniqueUsers()])
        let rebuild = try await rolled.startRebuild()
        #expect(rolled.isRebuilding)
        #expect(try await rolled.aggregate(query).first?.values == [2_000, 10])
        #expect(rolled.fallbacks[RollupStore.rebuildingReason] == 1)
        base.open.finish()
        #expect(try await rebuild.value == 2_000)
        #expect(!rolled.isRebuilding)
        #expect(try await rolled.aggregate(query).first?.values == [2_000, 10])
        #expect(rolled.fallbacks[RollupStore.rebuildingReason] == 1)
    }
}

/// A store whose scans wait until the test opens the gate: a rebuild that cannot end yet.
final class GatedStore: BeaconScanning {
    let inner = InMemoryStore()
    let gate: AsyncStream<Void>
    let open: AsyncStream<Void>.Continuation

    init() { (gate, open) = AsyncStream.makeStream() }

    func scanBound() async throws -> Int64 { try await inner.scanBound() }

    func scan(batchSize: Int, through bound: Int64?, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws {
        for await _ in gate {}
        try await inner.scan(batchSize: batchSize, through: bound, body)
    }

    func append(_ batch: [EnrichedBeacon]) async throws { try await inner.append(batch) }
    func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] { try await inner.aggregate(query) }
    func count(_ filter: BeaconFilter) async throws -> Int { try await inner.count(filter) }
    func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] { try await inner.beacons(filter, limit: limit) }
}
