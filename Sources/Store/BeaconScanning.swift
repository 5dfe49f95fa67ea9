public import Beacon

/// A store that can hand every stored beacon over in batches, in the order they were stored:
/// what rebuilding pre-aggregated data needs.
public protocol BeaconScanning: BeaconStore {
    /// Where the stored beacons end now. A scan through it hands over the beacons stored before
    /// this call and none stored after, so a server can take beacons while it rebuilds.
    func scanBound() async throws -> Int64
    /// The beacons stored up to `bound`, or all of them when it is `nil`.
    func scan(batchSize: Int, through bound: Int64?, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws
}

extension BeaconScanning {
    public func scan(batchSize: Int, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws {
        try await scan(batchSize: batchSize, through: nil, body)
    }
}
