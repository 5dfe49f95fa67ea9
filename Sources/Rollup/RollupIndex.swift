import Beacon
import Store

/// Every partner's rollup cells at five time levels. A beacon is added to one cell per level; a
/// range is read from the coarsest blocks that fit inside it, so two hours take two hourly blocks.
struct RollupIndex: Sendable {
    /// Level widths in seconds, coarsest first.
    static let levels: [Int64] = [3600, 600, 60, 10, 1]
    /// The one-second level, kept for the recent minutes only: ranges end at "now", which is
    /// rarely on a ten-second boundary.
    static let secondLevel = 4
    /// Every level, for cells; user cells skip the ten-second level, whose user cells would hold
    /// one beacon each, like the one-second ones.
    static let cellLevels = [0, 1, 2, 3, 4]
    static let userLevels = [0, 1, 2, 4]
    /// One-second buckets are kept at least this long behind the newest beacon: "the last five
    /// minutes" with a minute to spare.
    static let recentSeconds: Int64 = 360
    /// How long past `recentSeconds` they stay, so that a query that found a block recent still
    /// finds it while it reads its raw beacons.
    static let pruneSlackSeconds: Int64 = 60

    struct Partner: Sendable {
        var users = UserNumbers()
        /// Cell keys are numbered once, so a beacon hashes its strings once, not once per level.
        var keys: [CellKey] = []
        var keyNumbers: [CellKey: Int] = [:]
        /// Per level (in ``RollupIndex/levels`` order): bucket start → key number → values.
        var cells: [[Int64: [Int: CellValues]]] = Array(repeating: [:], count: RollupIndex.levels.count)
        /// Per level: bucket start → entry number (in `entries`) → its summary.
        var summaries: [[Int64: [Int: EntrySummary]]] = Array(repeating: [:], count: RollupIndex.levels.count)
        var entries: [String] = []
        var entryNumbers: [String: Int] = [:]
        var userCells = UserCells()
        /// Updated by per-user queries, which return rows in user key order.
        var userOrder = UserOrder()
        /// The newest second any beacon fell into.
        private(set) var newest: Int64 = .min

        /// One-second blocks that start before this read raw beacons.
        var recentFloor: Int64 { newest == .min ? .min : newest - RollupIndex.recentSeconds }

        mutating func keyNumber(_ key: CellKey) -> Int {
            if let number = keyNumbers[key] { return number }
            keys.append(key)
            keyNumbers[key] = keys.count - 1
            return keys.count - 1
        }

        fileprivate mutating func advance(to second: Int64) {
            let crossed = newest == .min || second / 10 != newest / 10
            newest = second
            guard crossed else { return }
            // Pruned once per ten seconds of data, not once per second.
            let cutoff = recentFloor - RollupIndex.pruneSlackSeconds
            let level = RollupIndex.secondLevel
            for bucket in cells[level].keys.filter({ $0 < cutoff }) { cells[level][bucket] = nil }
            for bucket in summaries[level].keys.filter({ $0 < cutoff }) { summaries[level][bucket] = nil }
            userCells.advance(to: second, pruningBefore: cutoff)
        }
    }

    private(set) var partners: [Int: Partner] = [:]
    private(set) var beaconCount = 0

    mutating func add(_ beacon: EnrichedBeacon) {
        let seconds = Self.floorDivide(beacon.timeMs, 1000)
        partners[beacon.partnerId, default: Partner()].add(beacon, seconds: seconds)
        beaconCount += 1
    }

    /// Forgets every bucket that starts before `second`, a day's start, which every level's width
    /// divides, so that each level loses the same beacons. Returns how many beacons went.
    mutating func prune(before second: Int64) -> Int {
        var pruned = 0
        for partnerId in partners.keys { pruned += partners[partnerId]!.prune(before: second) }
        beaconCount -= pruned
        return pruned
    }

    mutating func userNumber(partnerId: Int, _ userKey: String) -> UInt32 {
        partners[partnerId, default: Partner()].users.number(userKey)
    }

    /// Brings the partner's user order up to its newest users.
    mutating func orderUsers(partnerId: Int) {
        guard let keys = partners[partnerId]?.users.keys else { return }
        partners[partnerId]?.userOrder.update(keys)
    }

    mutating func keyNumber(partnerId: Int, _ key: CellKey) -> Int {
        partners[partnerId, default: Partner()].keyNumber(key)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// The blocks (level index, start) of the given levels that tile `[from, to)`, whole seconds.
    static func blocks(from: Int64, to: Int64, levels allowed: [Int] = cellLevels) -> [(level: Int, start: Int64)] {
        var blocks: [(level: Int, start: Int64)] = []
        var start = from
        while start < to {
            let level = allowed.first { start % levels[$0] == 0 && start + levels[$0] <= to } ?? secondLevel
            blocks.append((level, start))
            start += levels[level]
        }
        return blocks
    }
}

extension RollupIndex.Partner {
    fileprivate mutating func add(_ beacon: EnrichedBeacon, seconds: Int64) {
        if seconds > newest { advance(to: seconds) }
        let key = keyNumber(CellKey(beacon))
        let user = users.number(beacon.userKey)
        let entry = EntrySummary.counts(beacon) ? entryNumber(beacon.entryId) : nil
        let recent = seconds >= recentFloor - RollupIndex.pruneSlackSeconds
        for (index, width) in RollupIndex.levels.enumerated() where index != RollupIndex.secondLevel || recent {
            let bucket = RollupIndex.floorDivide(seconds, width) * width
            cells[index][bucket, default: [:]][key, default: CellValues()].add(beacon, user: user)
            if let entry { summaries[index][bucket, default: [:]][entry, default: EntrySummary()].add(beacon, user: user) }
        }
        userCells.add(beacon, seconds: seconds, cell: key, user: user, recent: recent)
    }

    fileprivate mutating func prune(before second: Int64) -> Int {
        // Every beacon is in exactly one hour cell.
        let hour = 0
        var pruned = 0
        for (start, bucket) in cells[hour] where start < second {
            for values in bucket.values { pruned += values.count }
        }
        for level in cells.indices {
            cells[level] = cells[level].filter { $0.key >= second }
            summaries[level] = summaries[level].filter { $0.key >= second }
        }
        userCells.prune(before: second)
        return pruned
    }

    private mutating func entryNumber(_ entryId: String) -> Int {
        if let number = entryNumbers[entryId] { return number }
        entries.append(entryId)
        entryNumbers[entryId] = entries.count - 1
        return entries.count - 1
    }
}
