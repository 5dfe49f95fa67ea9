import Foundation

/// A store that forgets old beacons, with everything computed from them: retention.
///
/// Whole days go at once. ClickHouse drops a day's partition without reading a row, and a day is a
/// multiple of every rollup bucket, so no report ever mixes a bucket with half of its beacons.
///
/// ```swift
/// let deleted = try await store.deleteDays(before: nowMs - 30 * BeaconRetentionDay.milliseconds)
/// ```
public protocol BeaconRetention: BeaconStore {
    /// Deletes the beacons of every whole day before the day holding `cutoffMs` and returns how
    /// many went. Days are UTC days, except on ClickHouse, whose partitions are the server's days.
    func deleteDays(before cutoffMs: Int64) async throws -> Int
}

public enum BeaconRetentionDay {
    public static let milliseconds: Int64 = 86_400_000

    /// The first millisecond of the UTC day holding `timeMs`.
    public static func start(of timeMs: Int64) -> Int64 {
        let day = timeMs >= 0 ? timeMs / milliseconds : (timeMs - milliseconds + 1) / milliseconds
        return day * milliseconds
    }

    /// The first day that a retention of `days` days keeps at `nowMs`: the day holding the
    /// cutoff stays, so at least `days` whole days are kept.
    public static func firstKept(days: Int, nowMs: Int64) -> Int64 {
        start(of: nowMs - Int64(days) * milliseconds)
    }

    /// `2026-11-01`: the UTC day holding `timeMs`, for logs and messages.
    public static func name(of timeMs: Int64) -> String {
        Date(timeIntervalSince1970: Double(timeMs) / 1000).formatted(.iso8601.year().month().day())
    }
}
