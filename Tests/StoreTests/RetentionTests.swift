import Beacon
import Foundation
import SQLiteStore
import Store
import Testing

/// Retention deletes every beacon of the whole days before the cutoff's day, of every partner,
/// and nothing else.
@Suite struct RetentionTests {
    static let today: Int64 = 1_795_305_600  // 2026-11-22 00:00 UTC
    static let day: Int64 = 86_400

    /// Partner 42 has more old beacons than one delete transaction takes; partner 7 a few.
    static let beacons: [EnrichedBeacon] =
        (0..<26_000).map { view(at: today - 2 * day + Int64($0) * 6, session: "a\($0 % 300)") }
        + (0..<9).map { view(at: today + Int64($0) * 4_000, session: "b\($0)") }
        + [-day - 1, -1, 0, 30_000, day - 1].map { view(at: today + $0, partner: 7, session: "c") }

    @Test(arguments: ["sqlite", "memory"])
    func wholeDaysBeforeTheCutoffGo(store kind: String) async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store: any BeaconRetention = kind == "sqlite" ? try SQLiteStore(directory: directory) : InMemoryStore()
        try await store.append(Self.beacons)
        let kept = Self.beacons.filter { $0.timeMs >= Self.today * 1000 }
        // The cutoff is late in the day: the whole of that day stays.
        #expect(try await store.deleteDays(before: (Self.today + 80_000) * 1000) == Self.beacons.count - kept.count)
        for partner in [42, 7] {
            let left = try await store.beacons(BeaconFilter(partnerId: partner), limit: 100_000).map(\.timeMs)
            #expect(left == kept.filter { $0.partnerId == partner }.map(\.timeMs))
        }
        #expect(try await store.deleteDays(before: (Self.today + 80_000) * 1000) == 0)
        #expect(try await store.deleteDays(before: (Self.today + Self.day) * 1000) == kept.count)
    }
}
