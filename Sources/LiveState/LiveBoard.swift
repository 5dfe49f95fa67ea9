public import Beacon
import Synchronization

/// The live state of every entry: fed with each accepted beacon, read once per tick.
///
/// Times are the beacons' own event times, so a backfilled beacon lands in its bucket, and one too
/// old for the ring is left to the store.
public final class LiveBoard: Sendable {
    /// A viewer attends while their latest VIEW is at most this old: one heartbeat plus network slack.
    public static let attendingWindowMs: Int64 = 12_000
    /// Viewers silent this long are forgotten (they are in the store); bounds memory.
    public static let forgetAfterMs: Int64 = 600_000
    public let ringSeconds: Int64

    struct Key: Hashable, Sendable {
        var partnerId: Int
        var entryId: String
    }

    private let entries = Mutex<[Key: EntryState]>([:])

    /// `ringSeconds` of ten-second buckets per entry (six hours by default).
    public init(ringSeconds: Int64 = 6 * 3600) {
        self.ringSeconds = ringSeconds
    }

    public func record(_ beacons: [EnrichedBeacon]) {
        // No filtered copy of the batch: at 100,000 viewers a batch is tens of megabytes.
        func counts(_ beacon: EnrichedBeacon) -> Bool { beacon.eventType == .view && beacon.playbackType != .vod }
        guard beacons.contains(where: counts) else { return }
        entries.withLock { entries in
            for beacon in beacons where counts(beacon) {
                let key = Key(partnerId: beacon.partnerId, entryId: beacon.entryId)
                entries[key, default: EntryState(ringSeconds: ringSeconds)].record(beacon)
            }
        }
    }

    /// The entry's snapshot at `nowMs`, with the series of the last `seriesSeconds`; nil when it has no live state.
    public func snapshot(partnerId: Int, entryId: String, nowMs: Int64, seriesSeconds: Int64) -> LiveSnapshot? {
        entries.withLock { entries in
            entries[Key(partnerId: partnerId, entryId: entryId)]?.snapshot(entryId: entryId, nowMs: nowMs, seriesSeconds: seriesSeconds)
        }
    }

    /// Viewers attending at `nowMs`: live ones, or DVR ones.
    public func attendees(partnerId: Int, entryId: String, nowMs: Int64, dvr: Bool) -> [LiveViewer] {
        entries.withLock { entries in
            entries[Key(partnerId: partnerId, entryId: entryId)]?.attendees(nowMs: nowMs, dvr: dvr) ?? []
        }
    }

    /// Drops viewers silent for ``forgetAfterMs`` and entries left with nobody and no recent bucket.
    public func forget(nowMs: Int64) {
        entries.withLock { entries in
            for key in Array(entries.keys) {
                entries[key]!.forget(before: nowMs - Self.forgetAfterMs)
                if entries[key]!.isIdle(nowMs: nowMs) { entries[key] = nil }
            }
        }
    }

    public var viewerCount: Int { entries.withLock { $0.values.reduce(0) { $0 + $1.viewers.count } } }
}
