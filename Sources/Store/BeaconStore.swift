public import Beacon

/// Where beacons live. The write buffer appends batches; the report engine asks for aggregations.
///
/// The contract is small on purpose so that an embedded SQLite file and a ClickHouse cluster can
/// both satisfy it: every report compiles to ``AggregationQuery`` values, never to SQL.
///
/// ```swift
/// try await store.append(batch)
/// let rows = try await store.aggregate(AggregationQuery(
///     filter: BeaconFilter(partnerId: 42, eventTypes: [.view]),
///     bucketSeconds: 10,
///     aggregations: [.count(), .uniqueUsers()]
/// ))
/// ```
public protocol BeaconStore: Sendable {
    /// Stores a batch atomically: either every row is stored or none is and the call throws.
    func append(_ batch: [EnrichedBeacon]) async throws
    /// One row per group that at least one beacon falls into (an empty range yields no rows),
    /// ordered by ``AggregationRow/canonicalOrder(_:_:)``.
    func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow]
    /// The same rows as columns. A store that can build them without a row at a time does: a
    /// user list is 100,000 rows, and two arrays per row cost more than the rest of the query.
    func aggregateColumns(_ query: AggregationQuery) async throws -> AggregationColumns
    /// How many beacons match, whatever their type.
    func count(_ filter: BeaconFilter) async throws -> Int
    /// Matching beacons, oldest first, at most `limit` of them: for exports and rebuilds, not reports.
    func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon]
}

extension BeaconStore {
    public func aggregateColumns(_ query: AggregationQuery) async throws -> AggregationColumns {
        AggregationColumns(try await aggregate(query), query: query)
    }
}
