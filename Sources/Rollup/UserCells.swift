import Beacon
import Store

/// What the per-user reports need from one user's beacons of one cell key in one bucket.
struct UserCellValues: Sendable {
    var count: UInt32 = 0
    /// Sum of the present `bufferTime` values.
    var bufferTime = 0.0

    mutating func add(_ beacon: EnrichedBeacon) {
        count += 1
        bufferTime += beacon.bufferTime ?? 0
    }
}

/// One bucket's user cells, keyed by cell key number (high half) and user number (low half).
///
/// A bucket takes beacons in a dictionary while it is open; once closed it is packed into an
/// array, which takes a third of the memory and is faster to read. A late beacon opens it again.
struct UserBucket: Sendable {
    var closed: ContiguousArray<(key: UInt64, values: UserCellValues)> = []
    var open: [UInt64: UserCellValues] = [:]

    static func key(cell: Int, user: UInt32) -> UInt64 { UInt64(cell) << 32 | UInt64(user) }
    static func cell(_ key: UInt64) -> Int { Int(key >> 32) }
    static func user(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key) }

    mutating func close() {
        closed.reserveCapacity(closed.count + open.count)
        for (key, values) in open { closed.append((key, values)) }
        open = [:]
    }

    func forEach(_ body: (UInt64, UserCellValues) -> Void) {
        for (key, values) in closed { body(key, values) }
        for (key, values) in open { body(key, values) }
    }
}

/// Per-user rollups: per level, bucket start → the bucket's user cells, at the levels of
/// ``RollupIndex/userLevels``. One-second user cells are kept for the recent minutes only, like
/// one-second cells.
struct UserCells: Sendable {
    /// A bucket is packed this long after it ends; later beacons are still added.
    static let closeAfterSeconds: Int64 = 20

    var buckets: [[Int64: UserBucket]] = Array(repeating: [:], count: RollupIndex.levels.count)

    mutating func add(_ beacon: EnrichedBeacon, seconds: Int64, cell: Int, user: UInt32, recent: Bool) {
        let key = UserBucket.key(cell: cell, user: user)
        for level in RollupIndex.userLevels where level != RollupIndex.secondLevel || recent {
            let width = RollupIndex.levels[level]
            let bucket = RollupIndex.floorDivide(seconds, width) * width
            buckets[level][bucket, default: UserBucket()].open[key, default: UserCellValues()].add(beacon)
        }
    }

    /// Packs the buckets that ended a while before `second` and drops one-second buckets older
    /// than `cutoff`. Called once per ten seconds of data, so it looks at every bucket.
    mutating func advance(to second: Int64, pruningBefore cutoff: Int64) {
        for level in RollupIndex.userLevels {
            let width = RollupIndex.levels[level]
            var ended: [Int64] = []
            for (start, bucket) in buckets[level] where !bucket.open.isEmpty && start + width + Self.closeAfterSeconds <= second {
                ended.append(start)
            }
            for start in ended { buckets[level][start]?.close() }
        }
        let level = RollupIndex.secondLevel
        for start in buckets[level].keys.filter({ $0 < cutoff }) { buckets[level][start] = nil }
    }
}
