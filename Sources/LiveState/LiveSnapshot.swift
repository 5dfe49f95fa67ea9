/// What the live pane shows for one entry at one moment; computed once per tick and sent to every
/// open pane.
public struct LiveSnapshot: Sendable, Equatable, Codable {
    public struct Attending: Sendable, Equatable, Codable {
        public var live: Int
        public var dvr: Int
    }

    public struct LastMinute: Sendable, Equatable, Codable {
        /// Average `actualBitrate` (kbps) of the VIEWs in the last minute that reported one.
        public var bitrate: Double
        /// Buffering seconds ÷ playback seconds of the VIEWs in the last minute.
        public var bufferRatio: Double
        public var views: Int
    }

    public var entryId: String
    /// Unix milliseconds.
    public var now: Int64
    public var attending: Attending
    public var lastMinute: LastMinute
    /// Share of attending viewers whose latest VIEW was engaged (sound on, tab visible).
    public var engagement: Double
    /// Attending viewers (live and DVR) per device class.
    public var platforms: [String: Int]
    /// Attendance per ten seconds: the whole ring on connect, the last few buckets on each tick.
    public var series: [LiveBucket]
    /// Per ten seconds over the last five minutes, for the small trends.
    public var bitrateTrend: [Double]
    public var bufferTrend: [Double]
}

extension LiveSnapshot {
    /// An entry nobody watches yet.
    public static func empty(entryId: String, nowMs: Int64) -> LiveSnapshot {
        LiveSnapshot(
            entryId: entryId,
            now: nowMs,
            attending: .init(live: 0, dvr: 0),
            lastMinute: .init(bitrate: 0, bufferRatio: 0, views: 0),
            engagement: 0,
            platforms: [:],
            series: [],
            bitrateTrend: Array(repeating: 0, count: 30),
            bufferTrend: Array(repeating: 0, count: 30)
        )
    }
}
