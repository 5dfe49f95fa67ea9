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

/// Per-user rollups: per level, bucket start → the bucket's user cells. Ten-second user cells hold
/// about one beacon each, so only the most recent minutes of them are kept; older ten-second
/// blocks of a per-user query read raw beacons.
struct UserCells: Sendable {
    /// Ten-second user cells are kept at least this long behind the newest beacon: a "last five
    /// minutes" range needs up to 50 s before its first whole minute.
    static let recentSeconds: Int64 = 360
    /// A bucket is packed this long after it ends; later beacons are still added.
    static let closeAfterSeconds: Int64 = 20

    var buckets: [[Int64: UserBucket]] = Array(repeating: [:], count: RollupIndex.levels.count)
    /// The newest ten-second bucket any beacon fell into.
    private(set) var newest: Int64 = .min
    private var openBuckets: [Set<Int64>] = Array(repeating: [], count: RollupIndex.levels.count)

    /// Ten-second blocks that start before this read raw beacons.
    var recentFloor: Int64 { newest == .min ? .min : newest - Self.recentSeconds }

    mutating func add(_ beacon: EnrichedBeacon, seconds: Int64, cell: Int, user: UInt32) {
        let tenSeconds = RollupIndex.floorDivide(seconds, 10) * 10
        if tenSeconds > newest { advance(to: tenSeconds) }
        let key = UserBucket.key(cell: cell, user: user)
        for (level, width) in RollupIndex.levels.enumerated() {
            let bucket = RollupIndex.floorDivide(seconds, width) * width
            if level == RollupIndex.levels.count - 1, bucket < recentFloor - 60 { continue }
            buckets[level][bucket, default: UserBucket()].open[key, default: UserCellValues()].add(beacon)
            openBuckets[level].insert(bucket)
        }
    }

    private mutating func advance(to tenSeconds: Int64) {
        newest = tenSeconds
        for (level, width) in RollupIndex.levels.enumerated() {
            for bucket in openBuckets[level] where bucket + width + Self.closeAfterSeconds <= tenSeconds {
                buckets[level][bucket]?.close()
                openBuckets[level].remove(bucket)
            }
        }
        let tenSecondLevel = RollupIndex.levels.count - 1
        let expired = buckets[tenSecondLevel].keys.filter { $0 < recentFloor - 60 }
        for bucket in expired {
            buckets[tenSecondLevel][bucket] = nil
            openBuckets[tenSecondLevel].remove(bucket)
        }
    }
}
