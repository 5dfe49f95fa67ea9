public import Beacon

/// A store that can hand every stored beacon over in batches, in the order they were stored:
/// what rebuilding pre-aggregated data needs.
public protocol BeaconScanning: BeaconStore {
    func scan(batchSize: Int, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws
}
