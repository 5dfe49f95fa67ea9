import Beacon
import Store
import Testing

@testable import Rollup

/// Report ranges end at "now", off the ten-second grid: the recent minutes are kept per second, so
/// such ranges read no raw beacons; older seconds are dropped and read raw, still exactly.
@Suite struct RecentSecondsTests {
    typealias Equivalence = RollupEquivalenceTests
    static let start = Equivalence.start

    @Test func recentRangesOffTheGridReadNoRawBeacons() async throws {
        let built = try await Equivalence.stores()
        let stores = Equivalence.Stores(raw: built.raw, rolled: RollupStore(base: built.raw), beacons: built.beacons)
        try await stores.rolled.rebuild()
        for (from, to) in [(1203, 1503), (1197, 1506), (1301, 1302), (1423, 1499)] as [(Int64, Int64)] {
            try await Equivalence.compare(stores, Equivalence.query(from: Self.start + from, to: Self.start + to))
            try await Equivalence.compare(
                stores,
                Equivalence.query(from: Self.start + from, to: Self.start + to, bucket: 10, playback: [.live, .dvr])
            )
            try await Equivalence.compare(stores, Equivalence.query(from: Self.start + from, to: Self.start + to, dimensions: [.device]))
        }
        #expect(stores.rolled.fallbacks.isEmpty)
        try await Equivalence.compare(stores, Equivalence.query(from: Self.start + 3, to: Self.start + 1503))
        #expect(stores.rolled.fallbacks == [RollupStore.expiredReason: 1])
    }

    @Test func onlyTheRecentMinutesAreKeptPerSecond() async throws {
        let stores = try await Equivalence.stores()
        let rollups = RollupStore(base: stores.rolled.base)
        try await rollups.rebuild()
        let seconds = rollups.withIndex { index in
            index.partners[Equivalence.partnerId].map { partner in
                (partner.cells[RollupIndex.secondLevel].keys.count, partner.userCells.buckets[RollupIndex.secondLevel].keys.count)
            }
        }
        let kept = try #require(seconds)
        let most = Int(RollupIndex.recentSeconds + RollupIndex.pruneSlackSeconds + 10)
        #expect(kept.0 > 300 && kept.0 <= most)
        #expect(kept.1 > 300 && kept.1 <= most)
    }

    /// The lecture's beacons come after the town hall's, back in time, and reopen packed buckets;
    /// the next beacon that moves the clock on packs them again.
    @Test func userBucketsArePackedOnceTheyHaveEnded() async throws {
        let stores = try await Equivalence.stores()
        let rollups = RollupStore(base: InMemoryStore())
        try await rollups.append(stores.beacons)
        var later = try #require(stores.beacons.last { $0.partnerId == Equivalence.partnerId })
        later.timeMs += 30_000
        try await rollups.append([later])
        let counts = rollups.withIndex { index in
            index.partners[Equivalence.partnerId].map { partner in
                let minutes = partner.userCells.buckets[2]
                let ended = minutes.filter { $0.key + 60 + UserCells.closeAfterSeconds <= partner.newest }
                return (ended.count, ended.values.filter { !$0.open.isEmpty }.count, ended.values.map(\.closed.count).reduce(0, +))
            }
        }
        let (ended, stillOpen, packed) = try #require(counts)
        #expect(ended > 20)
        #expect(stillOpen == 0)
        #expect(packed > 0)
    }
}
