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

    /// Packs the open cells, by user number: a user list then makes its groups in user order
    /// and reads them in memory order, where random order would miss the cache on every cell.
    mutating func close() {
        let reopened = !closed.isEmpty
        closed.reserveCapacity(closed.count + open.count)
        for (key, values) in open { closed.append((key, values)) }
        open = [:]
        closed.sort { Self.userFirst($0.key) < Self.userFirst($1.key) }
        if reopened { closed = Self.merged(closed) }
    }

    private static func userFirst(_ key: UInt64) -> UInt64 { key << 32 | key >> 32 }

    /// One entry per key: late beacons reopen a bucket and may add to cells it packed.
    private static func merged(_ cells: ContiguousArray<(key: UInt64, values: UserCellValues)>)
        -> ContiguousArray<(key: UInt64, values: UserCellValues)>
    {
        var merged: ContiguousArray<(key: UInt64, values: UserCellValues)> = []
        merged.reserveCapacity(cells.count)
        for cell in cells {
            if let last = merged.last, last.key == cell.key {
                merged[merged.count - 1].values.count += cell.values.count
                merged[merged.count - 1].values.bufferTime += cell.values.bufferTime
            } else {
                merged.append(cell)
            }
        }
        return merged
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

    mutating func prune(before second: Int64) {
        for level in buckets.indices { buckets[level] = buckets[level].filter { $0.key >= second } }
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
