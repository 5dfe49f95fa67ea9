import Beacon
import Store

/// Every partner's rollup cells at four time levels. A beacon is added to one cell per level; a
/// range is read from the coarsest blocks that fit inside it, so two hours take two hourly blocks.
struct RollupIndex: Sendable {
    /// Level widths in seconds, coarsest first.
    static let levels: [Int64] = [3600, 600, 60, 10]

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
        var userCells = UserCells()
        var entryNumbers: [String: Int] = [:]

        mutating func keyNumber(_ key: CellKey) -> Int {
            if let number = keyNumbers[key] { return number }
            keys.append(key)
            keyNumbers[key] = keys.count - 1
            return keys.count - 1
        }
    }

    private(set) var partners: [Int: Partner] = [:]
    private(set) var beaconCount = 0

    mutating func add(_ beacon: EnrichedBeacon) {
        let seconds = Self.floorDivide(beacon.timeMs, 1000)
        partners[beacon.partnerId, default: Partner()].add(beacon, seconds: seconds)
        beaconCount += 1
    }

    mutating func userNumber(partnerId: Int, _ userKey: String) -> UInt32 {
        partners[partnerId, default: Partner()].users.number(userKey)
    }

    mutating func keyNumber(partnerId: Int, _ key: CellKey) -> Int {
        partners[partnerId, default: Partner()].keyNumber(key)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// The blocks (level index, start) that tile `[from, to)`, both multiples of 10 s.
    static func blocks(from: Int64, to: Int64) -> [(level: Int, start: Int64)] {
        var blocks: [(level: Int, start: Int64)] = []
        var start = from
        while start < to {
            let level = levels.indices.first { start % levels[$0] == 0 && start + levels[$0] <= to } ?? levels.count - 1
            blocks.append((level, start))
            start += levels[level]
        }
        return blocks
    }
}

extension RollupIndex.Partner {
    fileprivate mutating func add(_ beacon: EnrichedBeacon, seconds: Int64) {
        let key = keyNumber(CellKey(beacon))
        let user = users.number(beacon.userKey)
        let entry = EntrySummary.counts(beacon) ? entryNumber(beacon.entryId) : nil
        for (index, width) in RollupIndex.levels.enumerated() {
            let bucket = RollupIndex.floorDivide(seconds, width) * width
            cells[index][bucket, default: [:]][key, default: CellValues()].add(beacon, user: user)
            if let entry { summaries[index][bucket, default: [:]][entry, default: EntrySummary()].add(beacon, user: user) }
        }
        userCells.add(beacon, seconds: seconds, cell: key, user: user)
    }

    private mutating func entryNumber(_ entryId: String) -> Int {
        if let number = entryNumbers[entryId] { return number }
        entries.append(entryId)
        entryNumbers[entryId] = entries.count - 1
        return entries.count - 1
    }
}
