import Beacon
import Rollup
import Simulator
import Store
import Testing

/// Retention deletes whole days from the rollups and the raw beacons alike: afterwards the
/// rollups answer as the raw beacons that are left do, and hold as many beacons.
@Suite struct RollupRetentionTests {
    typealias Equivalence = RollupEquivalenceTests
    static let today = Equivalence.start
    static let yesterday = today - 86_400

    static func audience(start: Int64, seed: UInt64) -> AudienceSettings {
        AudienceSettings(partnerId: Equivalence.partnerId, entryId: "1_town", viewers: 60, duration: 600, start: start, seed: seed)
    }

    @Test func aDeletedDayLeavesTheRollupsAndTheRawBeaconsAlike() async throws {
        let beacons = await offPool {
            [Self.audience(start: Self.yesterday + 40_000, seed: 8), Self.audience(start: Self.today + 30, seed: 9)]
                .flatMap { Audience.simulate($0).beacons.map(Equivalence.enriched) }
        }
        let raw = InMemoryStore()
        try await raw.append(beacons)
        let base = InMemoryStore()
        let rolled = RollupStore(base: base)
        try await rolled.append(beacons)
        let stores = Equivalence.Stores(raw: raw, rolled: rolled, beacons: beacons)

        let dayStart = BeaconRetentionDay.start(of: Self.today * 1000)
        let old = beacons.filter { $0.timeMs < dayStart }.count
        #expect(old > 0 && old < beacons.count)
        // A cutoff in the middle of today keeps all of today.
        let cutoff = Self.today * 1000 + 3_600_000
        #expect(try await rolled.deleteDays(before: cutoff) == old)
        #expect(try await raw.deleteDays(before: cutoff) == old)
        #expect(rolled.beaconCount == beacons.count - old)
        #expect(try await base.count(BeaconFilter(partnerId: Equivalence.partnerId)) == beacons.count - old)

        let whole = Equivalence.query(from: Self.yesterday - 3600, to: Self.today + 7200)
        try await Equivalence.compare(stores, whole)
        for width in [10, 3600] {
            try await Equivalence.compare(stores, Equivalence.query(from: Self.yesterday, to: Self.today + 3600, bucket: width))
        }
        try await Equivalence.compare(stores, Equivalence.query(from: Self.yesterday, to: Self.today + 3600, dimensions: [.playbackType, .device]))
        try await Equivalence.compare(stores, PerUserRollupTests.query(from: Self.yesterday, to: Self.today + 3600, dimensions: [.userKey]))
        // What was yesterday is gone from every level.
        let lastNight = Equivalence.query(from: Self.yesterday + 40_000, to: Self.yesterday + 40_700)
        #expect(try await rolled.aggregate(lastNight).isEmpty)
        #expect(try await rolled.deleteDays(before: cutoff) == 0)
    }

    @Test func dayStartsAreUTCMidnights() {
        #expect(BeaconRetentionDay.start(of: 1_795_341_600_123) == 1_795_305_600_000)
        #expect(BeaconRetentionDay.start(of: 1_795_305_600_000) == 1_795_305_600_000)
        #expect(BeaconRetentionDay.start(of: 1_795_305_599_999) == 1_795_219_200_000)
        #expect(BeaconRetentionDay.start(of: -1) == -86_400_000)
    }
}
