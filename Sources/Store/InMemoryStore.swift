public import Beacon
import Synchronization

/// A store held in memory: the reference semantics of ``BeaconStore``, used by unit tests and
/// compared against the real stores in the conformance tests.
public final class InMemoryStore: BeaconScanning, BeaconRetention {
    /// Beacons with the ids they were stored under, which a scan's bound compares.
    private struct Stored {
        var beacons: [EnrichedBeacon] = []
        var ids: [Int64] = []
        var next: Int64 = 1
    }

    private let rows = Mutex(Stored())

    public init() {}

    public func append(_ batch: [EnrichedBeacon]) async throws {
        rows.withLock { rows in
            rows.beacons.append(contentsOf: batch)
            rows.ids.append(contentsOf: rows.next..<rows.next + Int64(batch.count))
            rows.next += Int64(batch.count)
        }
    }

    public func deleteDays(before cutoffMs: Int64) async throws -> Int {
        let dayStart = BeaconRetentionDay.start(of: cutoffMs)
        return rows.withLock { rows in
            let kept = rows.beacons.indices.filter { rows.beacons[$0].timeMs >= dayStart }
            let deleted = rows.beacons.count - kept.count
            rows.beacons = kept.map { rows.beacons[$0] }
            rows.ids = kept.map { rows.ids[$0] }
            return deleted
        }
    }

    public func count(_ filter: BeaconFilter) async throws -> Int {
        rows.withLock { $0.beacons.lazy.filter(filter.matches).count }
    }

    public func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] {
        rows.withLock { Array($0.beacons.filter(filter.matches).sorted { $0.timeMs < $1.timeMs }.prefix(limit)) }
    }

    public func scanBound() async throws -> Int64 { rows.withLock { $0.next - 1 } }

    public func scan(batchSize: Int, through bound: Int64?, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws {
        let all = rows.withLock { rows in
            let end = bound.map { bound in rows.ids.firstIndex { $0 > bound } ?? rows.ids.count } ?? rows.ids.count
            return Array(rows.beacons[..<end])
        }
        for start in stride(from: 0, to: all.count, by: max(1, batchSize)) {
            try body(Array(all[start..<min(all.count, start + max(1, batchSize))]))
        }
    }

    public func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] {
        struct Key: Hashable {
            var bucket: Int64?
            var dimensions: [String]
        }
        struct Accumulator {
            var sums: [Double]
            var users: [Set<String>]
        }
        let matching = rows.withLock { $0.beacons.filter(query.filter.matches) }
        var groups: [Key: Accumulator] = [:]
        let width = query.aggregations.count
        for beacon in matching {
            let key = Key(bucket: query.bucketStart(ofMilliseconds: beacon.timeMs), dimensions: query.dimensions.map { $0.value(of: beacon) })
            var group = groups[key] ?? Accumulator(sums: Array(repeating: 0, count: width), users: Array(repeating: [], count: width))
            for (index, aggregation) in query.aggregations.enumerated() where aggregation.predicate?.matches(beacon) ?? true {
                switch aggregation.kind {
                case .count: group.sums[index] += 1
                case .sum(let column): group.sums[index] += column.value(of: beacon) ?? 0
                case .uniqueUsers: group.users[index].insert(beacon.userKey)
                }
            }
            groups[key] = group
        }
        return groups.map { key, group in
            let values = query.aggregations.indices.map { index in
                query.aggregations[index].kind == .uniqueUsers ? Double(group.users[index].count) : group.sums[index]
            }
            return AggregationRow(bucketStart: key.bucket, dimensions: key.dimensions, values: values)
        }
        .sorted(by: AggregationRow.canonicalOrder)
    }
}

/// Partners held in memory, for unit tests.
public final class InMemoryPartnerStore: PartnerStore {
    private struct State {
        var partners: [Int: Partner] = [:]
        var ended: Set<String> = []
    }
    private let state = Mutex(State())

    public init() {}

    public func addPartner(id: Int?, name: String, adminSecret: String, userSecret: String, createdAt: Int64) async throws -> Partner {
        try state.withLock { state in
            let chosen = id ?? max(1001, (state.partners.keys.max() ?? 1000) + 1)
            guard state.partners[chosen] == nil else { throw PartnerExists(id: chosen) }
            let partner = Partner(id: chosen, name: name, adminSecret: adminSecret, userSecret: userSecret, createdAt: createdAt)
            state.partners[chosen] = partner
            return partner
        }
    }

    public func partner(id: Int) async throws -> Partner? { state.withLock { $0.partners[id] } }

    public func partners() async throws -> [Partner] { state.withLock { $0.partners.values.sorted { $0.id < $1.id } } }

    public func replaceSecret(partnerId: Int, kind: SecretKind, with secret: String) async throws -> Partner? {
        state.withLock { state in
            guard var partner = state.partners[partnerId] else { return nil }
            switch kind {
            case .admin: partner.adminSecret = secret
            case .user: partner.userSecret = secret
            }
            state.partners[partnerId] = partner
            return partner
        }
    }

    public func endSession(_ sessionHash: String, partnerId: Int, expiresAt: Int64) async throws {
        _ = state.withLock { $0.ended.insert(sessionHash) }
    }

    public func isSessionEnded(_ sessionHash: String) async throws -> Bool { state.withLock { $0.ended.contains(sessionHash) } }
}
