public import Beacon

/// A store that several servers write to, read back for each server's live state: the beacons another
/// server took are only in the store, so each server reads every partner's live heartbeats from it.
public protocol LiveSource: Sendable {
    /// Every partner's VIEW beacons of live and DVR playback stored with a time in `timeRange` (ms).
    func liveViews(in timeRange: Range<Int64>) async throws -> [EnrichedBeacon]
}
