import Beacon

/// One entry's ring of buckets and its viewers.
struct EntryState {
    private(set) var ring: BucketRing
    private(set) var viewers: [String: LiveViewer] = [:]
    private var latestBucket: Int64 = 0

    init(ringSeconds: Int64) {
        ring = BucketRing(capacity: Int(max(60, ringSeconds / 10)))
    }

    mutating func record(_ beacon: EnrichedBeacon) {
        let seconds = beacon.timeMs / 1000
        let start = seconds - seconds % 10
        // Older than the ring: the store has it, and the pane reads old history from there.
        guard start > latestBucket - ring.span else { return }
        latestBucket = max(latestBucket, start)
        let dvr = beacon.playbackType == .dvr
        let bitrate = beacon.actualBitrate.flatMap { $0 > 0 ? $0 : nil }
        var viewer =
            viewers[beacon.userKey]
            ?? LiveViewer(
                userKey: beacon.userKey,
                userId: beacon.userId,
                device: beacon.device,
                since: beacon.timeMs,
                lastView: beacon.timeMs,
                dvr: dvr,
                engaged: beacon.engaged,
                bitrate: 0,
                views: 0,
                bufferSeconds: 0,
                countedBucket: -1
            )
        let firstInBucket = viewer.countedBucket != start
        if beacon.timeMs >= viewer.lastView {
            viewer.lastView = beacon.timeMs
            viewer.dvr = dvr
            viewer.engaged = beacon.engaged
            viewer.device = beacon.device
            if let bitrate { viewer.bitrate = bitrate }
        }
        viewer.since = min(viewer.since, beacon.timeMs)
        viewer.views += 1
        viewer.bufferSeconds += beacon.bufferTime ?? 0
        if firstInBucket && start >= viewer.countedBucket { viewer.countedBucket = start }
        viewers[beacon.userKey] = viewer
        ring.update(start) { bucket in
            if firstInBucket {
                bucket.users += 1
                if dvr { bucket.dvrUsers += 1 } else { bucket.liveUsers += 1 }
            }
            bucket.views += 1
            if beacon.engaged { bucket.engagedViews += 1 }
            if let bitrate {
                bucket.bitrateSum += bitrate
                bucket.bitrateViews += 1
            }
            bucket.bufferSeconds += beacon.bufferTime ?? 0
        }
    }

    func attendees(nowMs: Int64, dvr: Bool) -> [LiveViewer] {
        viewers.values.filter { $0.dvr == dvr && Self.attends($0, nowMs: nowMs) }
    }

    static func attends(_ viewer: LiveViewer, nowMs: Int64) -> Bool {
        viewer.lastView > nowMs - LiveBoard.attendingWindowMs && viewer.lastView <= nowMs + 5_000
    }

    func snapshot(entryId: String, nowMs: Int64, seriesSeconds: Int64) -> LiveSnapshot {
        var live = 0
        var dvr = 0
        var engaged = 0
        var platforms: [String: Int] = [:]
        for viewer in viewers.values where Self.attends(viewer, nowMs: nowMs) {
            if viewer.dvr { dvr += 1 } else { live += 1 }
            if viewer.engaged { engaged += 1 }
            platforms[viewer.device.rawValue, default: 0] += 1
        }
        let current = nowMs / 1000 - (nowMs / 1000) % 10
        // The last minute: the current (partial) bucket and the five before it.
        var minute = LiveBucket(start: current - 50)
        for bucket in ring.buckets(from: current - 50, to: current + 10) { minute.add(bucket) }
        let trend = ring.buckets(from: current - 290, to: current + 10)
        let byStart = Dictionary(uniqueKeysWithValues: trend.map { ($0.start, $0) })
        let trendStarts = stride(from: current - 290, through: current, by: 10)
        return LiveSnapshot(
            entryId: entryId,
            now: nowMs,
            attending: .init(live: live, dvr: dvr),
            lastMinute: .init(
                bitrate: minute.bitrateViews > 0 ? minute.bitrateSum / Double(minute.bitrateViews) : 0,
                bufferRatio: minute.views > 0 ? minute.bufferSeconds / (Double(minute.views) * 10) : 0,
                views: Int(minute.views)
            ),
            engagement: live + dvr > 0 ? Double(engaged) / Double(live + dvr) : 0,
            platforms: platforms,
            series: ring.buckets(from: current + 10 - seriesSeconds, to: current + 10),
            bitrateTrend: trendStarts.map { start in
                byStart[start].map { $0.bitrateViews > 0 ? $0.bitrateSum / Double($0.bitrateViews) : 0 } ?? 0
            },
            bufferTrend: trendStarts.map { start in
                byStart[start].map { $0.views > 0 ? $0.bufferSeconds / (Double($0.views) * 10) : 0 } ?? 0
            }
        )
    }

    mutating func forget(before cutoff: Int64) {
        viewers = viewers.filter { $0.value.lastView >= cutoff }
    }

    func isIdle(nowMs: Int64) -> Bool {
        viewers.isEmpty && latestBucket * 1000 < nowMs - ring.span * 1000
    }
}
