import Simulator
import Testing

@testable import Rollup

/// The exact, mergeable unique-user state: checked against `Set<UInt32>` on seeded random data
/// at every size where its representation changes.
@Suite struct UserSetTests {
    static func values(_ count: Int, below bound: UInt32, seed: UInt64) -> [UInt32] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in UInt32.random(in: 0..<bound, using: &random) }
    }

    @Test(arguments: [(0, 1_000 as UInt32), (10, 1_000), (4_096, 65_536), (5_000, 65_536), (60_000, 65_536), (120_000, 400_000)])
    func insertMatchesASet(count: Int, bound: UInt32) {
        let values = Self.values(count, below: bound, seed: UInt64(count))
        var set = UserSet()
        var reference = Set<UInt32>()
        for value in values {
            #expect(set.insert(value) == reference.insert(value).inserted)
        }
        #expect(set.count == reference.count)
        #expect(set.members == reference.sorted())
        for probe in Self.values(200, below: bound, seed: 99) {
            #expect(set.contains(probe) == reference.contains(probe))
        }
    }

    @Test func aFullChunkBecomesABitmapAtTheLimit() {
        var set = UserSet((0..<UInt32(UserSet.arrayLimit)).map { $0 * 2 })
        guard case .array = set.chunks[0] else {
            Issue.record("4,096 members should still be an array")
            return
        }
        set.insert(1)
        guard case .bitmap(_, let count) = set.chunks[0] else {
            Issue.record("4,097 members should be a bitmap")
            return
        }
        #expect(count == 4_097)
    }

    @Test(arguments: [(30, 40), (3_000, 3_000), (10, 20_000), (20_000, 30_000), (70_000, 90_000)])
    func unionMatchesASetUnion(left: Int, right: Int) {
        // Overlapping ranges over several chunks, so every pair of chunk kinds meets.
        let a = Self.values(left, below: 200_000, seed: 1)
        let b = Self.values(right, below: 200_000, seed: 2) + Array(a.prefix(left / 3))
        let union = UserSet(a).union(UserSet(b))
        let reference = Set(a).union(b)
        #expect(union.count == reference.count)
        #expect(union.members == reference.sorted())
        var merged = UserSet(b)
        merged.formUnion(UserSet(a))
        #expect(merged == union)
    }

    @Test(arguments: [0, 1, 4_000, 9_000, 150_000])
    func encodingRoundTrips(count: Int) throws {
        let set = UserSet(Self.values(count, below: 1 << 20, seed: 7))
        let bytes = set.encoded()
        #expect(try UserSet(encoded: bytes) == set)
    }

    @Test func aHundredThousandViewersTakeThreeBitmapsAtMost() {
        // One event's viewers numbered as they arrived: dense chunks, so bitmaps of 8 KiB each.
        let set = UserSet(UInt32(500_000)..<UInt32(600_000))
        #expect(set.count == 100_000)
        #expect(set.encoded().count <= 3 * (8 * 1_024 + 3) + 5)
        #expect(UserSet(0..<100).encoded().count < 220)
    }

    @Test func damagedBytesAreRefusedNotTrusted() {
        let bytes = UserSet([1, 2, 3, 70_000]).encoded()
        #expect(throws: UserSet.DecodingError.truncated) { try UserSet(encoded: Array(bytes.dropLast())) }
        #expect(throws: UserSet.DecodingError.truncated) { try UserSet(encoded: bytes + [0]) }
        #expect(throws: UserSet.DecodingError.unknownFormat(9)) { try UserSet(encoded: [9] + bytes.dropFirst()) }
        var unsorted = bytes
        // The first chunk's members are 1, 2, 3 at bytes 10...15; make them 1, 3, 3.
        unsorted[12] = 3
        #expect(throws: UserSet.DecodingError.invalidChunk(key: 0)) { try UserSet(encoded: unsorted) }
    }
}
