public import Beacon
public import Store
import Synchronization

/// A store that answers aggregations from rollups kept beside another store's raw beacons.
///
/// Appends go to the raw store first and into the rollups once stored, so every stored beacon is
/// counted. A query reads the cells of its whole ten-second buckets and the raw beacons of the
/// seconds at its edges; queries rollups cannot answer (a user filter, grouping by user) read raw
/// beacons, and ``fallbacks`` counts them by reason.
///
/// ```swift
/// let store = RollupStore(base: try SQLiteStore(directory: "data"))
/// try await store.rebuild()
/// ```
public final class RollupStore: BeaconStore {
    public let base: any BeaconScanning
    private let index = Mutex(RollupIndex())
    private let fallbackCounts = Mutex([String: Int]())
    private let rebuilding = Mutex<Task<Int, any Error>?>(nil)

    private let onFallback: @Sendable (String) -> Void

    /// - Parameter onFallback: called with the reason each time a query reads raw beacons.
    public init(base: any BeaconScanning, onFallback: @escaping @Sendable (String) -> Void = { _ in }) {
        self.base = base
        self.onFallback = onFallback
    }

    /// Recomputes every rollup from the raw beacons, before the store takes appends. Returns how
    /// many beacons it read.
    @discardableResult
    public func rebuild(batchSize: Int = 50_000) async throws -> Int {
        index.withLock { $0 = RollupIndex() }
        try await base.scan(batchSize: batchSize) { batch in self.roll(batch) }
        return index.withLock { $0.beaconCount }
    }

    /// Starts recomputing every rollup from the beacons stored so far and returns the task doing
    /// it at once, so that a server takes beacons again seconds after a restart rather than after
    /// minutes of rebuilding (10–27 µs a beacon). Beacons appended meanwhile go into the rollups
    /// directly, and queries read the raw beacons until the task ends (counted as `rebuilding`).
    /// Call it before the first append.
    public func startRebuild(batchSize: Int = 5_000) async throws -> Task<Int, any Error> {
        index.withLock { $0 = RollupIndex() }
        let bound = try await base.scanBound()
        // Set under the lock the task takes to clear it, so that even a task that ends at once
        // clears its own entry.
        return rebuilding.withLock { rebuilding in
            let task = Task {
                try await self.base.scan(batchSize: batchSize, through: bound) { batch in self.roll(batch) }
                self.rebuilding.withLock { $0 = nil }
                return self.beaconCount
            }
            rebuilding = task
            return task
        }
    }

    /// Whether a rebuild started by ``startRebuild(batchSize:)`` is still running (or failed).
    public var isRebuilding: Bool { rebuilding.withLock { $0 != nil } }

    /// Counted when a query reads raw beacons because the rollups are being rebuilt.
    public static let rebuildingReason = "rebuilding"

    /// Beacons the rollups hold.
    public var beaconCount: Int { index.withLock { $0.beaconCount } }

    /// Reads the rollups themselves, for tests.
    func withIndex<T: Sendable>(_ body: (RollupIndex) -> T) -> T { index.withLock { body($0) } }

    /// Queries answered from raw beacons, by reason.
    public var fallbacks: [String: Int] { fallbackCounts.withLock { $0 } }

    public func append(_ batch: [EnrichedBeacon]) async throws {
        try await base.append(batch)
        roll(batch)
    }

    private func roll(_ batch: [EnrichedBeacon]) {
        index.withLock { rollups in
            for beacon in batch { rollups.add(beacon) }
        }
    }

    public func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] {
        try await aggregateColumns(query).rows
    }

    public func aggregateColumns(_ query: AggregationQuery) async throws -> AggregationColumns {
        if isRebuilding {
            fallbackCounts.withLock { $0[Self.rebuildingReason, default: 0] += 1 }
            onFallback(Self.rebuildingReason)
            return try await base.aggregateColumns(query)
        }
        let plan: RollupPlan
        switch RollupPlan.make(query) {
        case .success(let made): plan = made
        case .failure(let reason):
            fallbackCounts.withLock { $0[reason.rawValue, default: 0] += 1 }
            onFallback(reason.rawValue)
            return try await base.aggregateColumns(query)
        }
        let range = query.filter.timeRange.map(RollupRange.init)
        // No time range reads every stored hour; a range without a whole second reads no cells.
        let core = range.map { $0.core ?? 0..<0 }
        var raw: [EnrichedBeacon] = []
        for edge in range?.edges ?? [] { raw += try await rawBeacons(query.filter, edge) }
        let expired = index.withLock { $0.expiredBlocks(plan, query, core: core) }
        if !expired.isEmpty {
            fallbackCounts.withLock { $0[Self.expiredReason, default: 0] += 1 }
            onFallback(Self.expiredReason)
        }
        for block in expired { raw += try await rawBeacons(query.filter, block.lowerBound * 1000..<block.upperBound * 1000) }
        return index.withLock { $0.answer(plan, query, core: core, expired: expired, raw: raw) }
    }

    /// Counted when a query reads one-second blocks older than the recent minutes kept.
    public static let expiredReason = "expired_seconds"

    private func rawBeacons(_ filter: BeaconFilter, _ milliseconds: Range<Int64>) async throws -> [EnrichedBeacon] {
        var filter = filter
        filter.timeRange = milliseconds
        return try await base.beacons(filter, limit: Int.max)
    }

    public func count(_ filter: BeaconFilter) async throws -> Int {
        try await base.count(filter)
    }

    public func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] {
        try await base.beacons(filter, limit: limit)
    }
}

extension RollupStore: BeaconRetention {
    /// The rollups go first, so that no report reads a day's rollups with half of its raw
    /// beacons. A beacon of such a day that arrives meanwhile stays in the rollups until the next
    /// pass.
    public func deleteDays(before cutoffMs: Int64) async throws -> Int {
        guard let raw = base as? any BeaconRetention else { throw RetentionUnsupported(store: "\(type(of: base))") }
        // A rebuild still reading the days to delete would put them back into the rollups.
        if let running = rebuilding.withLock({ $0 }) { _ = try? await running.value }
        let dayStart = BeaconRetentionDay.start(of: cutoffMs) / 1000
        _ = index.withLock { $0.prune(before: dayStart) }
        return try await raw.deleteDays(before: cutoffMs)
    }
}

/// The raw store under the rollups cannot delete beacons.
public struct RetentionUnsupported: Error, CustomStringConvertible {
    public let store: String
    public var description: String { "\(store) cannot delete old beacons" }
}
