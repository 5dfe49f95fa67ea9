import Beacon
import Store

/// Every metric the reports show, defined as reference §3.2 (realtime) and §3.4 (TOP_CONTENT) give
/// them. Realtime metrics read VIEW beacons only; one VIEW stands for 10 seconds watched.
extension Metric {
    private static let views = Aggregation.count(where: .view)
    private static func views(_ predicate: Predicate) -> Aggregation { .count(where: .view(and: predicate)) }
    private static let buffering = Predicate.greaterThan(.bufferTime, 0)
    private static let hasBitrate = Predicate.greaterThan(.actualBitrate, 0)
    private static let tenSeconds = Formula.constant(10)

    /// `name = Σ column / count`, both over VIEWs where the column was measured.
    private static func measuredAverage(_ name: String, _ column: BeaconColumn) -> Metric {
        Metric(
            name,
            inputs: [.sum(column, where: .view(and: .present(column))), views(.present(column))],
            formula: .divide(.input(0), .input(1))
        )
    }

    /// `name = count(VIEW ∧ predicate) / count(VIEW)`.
    private static func viewShare(_ name: String, _ predicate: Predicate) -> Metric {
        Metric(name, inputs: [views(predicate), views], formula: .divide(.input(0), .input(1)))
    }

    private static func unique(_ name: String, _ predicate: Predicate? = nil) -> Metric {
        Metric(name, inputs: [.uniqueUsers(where: predicate.map { .view(and: $0) } ?? .view)], rounding: .floor)
    }

    public static let viewCount = Metric("views", inputs: [views])
    public static let sumViewTime = Metric("sum_view_time", inputs: [views], formula: .multiply(.input(0), tenSeconds))
    public static let sumViewTimeLive = Metric(
        "sum_view_time_live",
        inputs: [views(.playbackType(.live))],
        formula: .multiply(.input(0), tenSeconds)
    )
    public static let sumViewTimeDVR = Metric(
        "sum_view_time_dvr",
        inputs: [views(.playbackType(.dvr))],
        formula: .multiply(.input(0), tenSeconds)
    )
    public static let uniqueAudience = unique("view_unique_audience")
    public static let uniqueEngagedUsers = unique("view_unique_engaged_users", .engaged)
    public static let uniqueBufferingUsers = unique("view_unique_buffering_users", buffering)
    public static let uniqueAudienceDVR = unique("view_unique_audience_dvr", .playbackType(.dvr))
    public static let averageEngagement = viewShare("avg_view_engagement", .engaged)
    public static let averageBuffering = viewShare("avg_view_buffering", buffering)
    public static let averageDVR = viewShare("avg_view_dvr", .playbackType(.dvr))
    public static let bufferTimeRatio = Metric(
        "view_buffer_time_ratio",
        inputs: [.sum(.bufferTime, where: .view), views],
        formula: .divide(.input(0), .multiply(.input(1), tenSeconds))
    )
    public static let averageBitrate = Metric(
        "avg_view_bitrate",
        inputs: [.sum(.actualBitrate, where: .view(and: hasBitrate)), views(hasBitrate)],
        formula: .divide(.input(0), .input(1))
    )
    public static let averageBandwidth = measuredAverage("avg_view_downstream_bandwidth", .bandwidth)
    public static let averageDroppedFramesRatio = measuredAverage("avg_view_dropped_frames_ratio", .droppedFramesRatio)
    public static let averageSegmentDownloadTime = measuredAverage("avg_view_segment_download_time_sec", .segmentDownloadTime)
    public static let averageManifestDownloadTime = measuredAverage("avg_view_manifest_download_time_sec", .manifestDownloadTime)
    /// The web player's VIEW carries no latency, so there is nothing to average: Druid's 0 / 0 = 0.
    public static let averageLiveLatency = Metric("avg_view_live_latency", inputs: [], formula: .constant(0))
    public static let errors = Metric("error", inputs: [.count(where: .eventType(.error))])

    // Dynamic-bucket metrics: per-bucket counts divided by the bucket's number of 10-s periods.
    public static let viewers = Metric("viewers", inputs: [views], formula: .divide(.input(0), .bucketUnits), rounding: .ceil)
    public static let viewersBuffering = Metric("viewers_buffering", inputs: [views(buffering)], formula: .divide(.input(0), .bucketUnits))
    public static let viewersEngagement = Metric("viewers_engagement", inputs: [views(.engaged)], formula: .divide(.input(0), .bucketUnits))
    public static let viewersDVR = Metric("viewers_dvr", inputs: [views(.playbackType(.dvr))], formula: .divide(.input(0), .bucketUnits))

    // LIVE_MEETING_USERS_OVERVIEW_REALTIME: Kaltura adds meeting events, which this server does not
    // receive, so the "combined" metrics are the player-side ones.
    public static let combinedAudience = unique("view_unique_combined_live_audience")
    public static let combinedEngagedUsers = unique("view_unique_combined_live_engaged_users", .engaged)
    public static let combinedEvents = Metric("view_event_combined", inputs: [views])
    public static let combinedEngagement = viewShare("combined_live_avg_view_engagement", .engaged)
}

/// TOP_CONTENT's historical metrics, from the events this server receives (README: Reports).
extension Metric {
    private static let plays = Aggregation.count(where: .eventType(.play))
    /// Minutes watched: VIEW count × 10 s / 60.
    private static let minutesWatched = Formula.divide(.multiply(.input(0), .constant(10)), .constant(60))

    public static let countPlays = Metric("count_plays", inputs: [plays])
    public static let countLoads = Metric("count_loads", inputs: [.count(where: .eventType(.impression))])
    public static let sumTimeViewed = Metric("sum_time_viewed", inputs: [.count(where: .view)], formula: minutesWatched)
    public static let averageTimeViewed = Metric(
        "avg_time_viewed",
        inputs: [.count(where: .view), plays],
        formula: .divide(minutesWatched, .input(1))
    )
    public static let loadPlayRatio = Metric(
        "load_play_ratio",
        inputs: [plays, .count(where: .eventType(.impression))],
        formula: .divide(.input(0), .input(1))
    )
    public static let averageDropOff = Metric(
        "avg_view_drop_off",
        inputs: [
            .count(where: .eventType(.playReached25Percent)), .count(where: .eventType(.playReached50Percent)),
            .count(where: .eventType(.playReached75Percent)), .count(where: .eventType(.playReached100Percent)), plays,
        ],
        formula: .divide(.divide(.add(.add(.input(0), .input(1)), .add(.input(2), .input(3))), .constant(4)), .input(4))
    )
    public static let uniqueKnownUsers = Metric(
        "unique_known_users",
        inputs: [.uniqueUsers(where: .all([.eventType(.play), .knownUser]))],
        rounding: .floor
    )
    public static let sumViewPeriod = Metric("sum_view_period", inputs: [.count(where: .view)], formula: minutesWatched)
    public static let averageViewPeriodTime = Metric(
        "avg_view_period_time",
        inputs: [.count(where: .view), plays],
        formula: .divide(minutesWatched, .input(1))
    )
    public static let averageCompletionRate = Metric(
        "avg_completion_rate",
        inputs: [.count(where: .eventType(.playReached100Percent)), plays],
        formula: .divide(.input(0), .input(1))
    )
}
