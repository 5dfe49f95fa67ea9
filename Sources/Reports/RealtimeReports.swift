import Beacon
import Store

/// The realtime reports 10001–10016, column for column as reference §3.3 lists them.
extension ReportDefinition {
    private static let geoMetrics: [Metric] = [
        .uniqueAudience, .uniqueBufferingUsers, .uniqueEngagedUsers, .averageBuffering, .averageEngagement, .bufferTimeRatio,
        .viewCount,
    ]
    /// Geo enrichment is not in place yet: every beacon falls under an unknown country.
    private static let country = ReportColumn("country", .valueOr(.country, fallback: "Unknown"))
    private static let region = ReportColumn("region", .constant("Unknown"))
    private static let coordinates = ReportColumn("coordinates", .constant(""))

    public static let mapOverlayCountry = ReportDefinition(
        id: 10001,
        name: "MAP_OVERLAY_COUNTRY_REALTIME",
        columns: [ReportColumn("object_id", .value(.country)), country, coordinates],
        tableMetrics: geoMetrics,
        totalMetrics: geoMetrics,
        defaultOrder: "view_unique_audience"
    )

    public static let mapOverlayRegion = ReportDefinition(
        id: 10002,
        name: "MAP_OVERLAY_REGION_REALTIME",
        columns: [country, region, coordinates],
        tableMetrics: geoMetrics,
        totalMetrics: geoMetrics,
        defaultOrder: "view_unique_audience"
    )

    public static let mapOverlayCity = ReportDefinition(
        id: 10003,
        name: "MAP_OVERLAY_CITY_REALTIME",
        columns: [country, region, ReportColumn("city", .constant("Unknown")), coordinates],
        tableMetrics: geoMetrics,
        totalMetrics: geoMetrics,
        defaultOrder: "view_unique_audience"
    )

    public static let platforms = ReportDefinition(
        id: 10004,
        name: "PLATFORMS_REALTIME",
        columns: [ReportColumn("device", .value(.device))],
        tableMetrics: [.uniqueAudience, .sumViewTime],
        totalMetrics: [.uniqueAudience, .sumViewTime],
        defaultOrder: "view_unique_audience"
    )

    public static let usersOverview = ReportDefinition(
        id: 10005,
        name: "USERS_OVERVIEW_REALTIME",
        graphMetrics: [.uniqueAudience, .uniqueEngagedUsers, .viewCount, .averageEngagement]
    )

    public static let qosOverview = ReportDefinition(
        id: 10006,
        name: "QOS_OVERVIEW_REALTIME",
        graphMetrics: [.uniqueAudience, .uniqueBufferingUsers, .averageBandwidth, .bufferTimeRatio, .averageBitrate]
    )

    public static let discovery = ReportDefinition(
        id: 10007,
        name: "DISCOVERY_REALTIME",
        graphMetrics: [
            .uniqueAudience, .uniqueEngagedUsers, .uniqueBufferingUsers, .averageBandwidth, .uniqueAudienceDVR, .averageBitrate,
            .sumViewTime, .averageLiveLatency, .averageDroppedFramesRatio, .averageBuffering, .averageEngagement, .averageDVR,
            .bufferTimeRatio, .averageSegmentDownloadTime, .averageManifestDownloadTime, .errors,
        ],
        dynamicBuckets: true
    )

    public static let entryLevelUsersDiscovery = ReportDefinition(
        id: 10008,
        name: "ENTRY_LEVEL_USERS_DISCOVERY_REALTIME",
        columns: [ReportColumn("user_id", .value(.userKey)), ReportColumn("user_name", .valueOr(.userId, fallback: "Unknown"))],
        tableMetrics: [
            .sumViewTimeLive, .sumViewTimeDVR, .sumViewTime, .averageBuffering, .averageEngagement, .bufferTimeRatio,
        ],
        totalMetrics: [.sumViewTimeLive, .sumViewTimeDVR, .sumViewTime, .averageBuffering, .averageEngagement, .bufferTimeRatio],
        defaultOrder: "sum_view_time_live"
    )

    public static let entryLevelUsersStatus = ReportDefinition(
        id: 10009,
        name: "ENTRY_LEVEL_USERS_STATUS_REALTIME",
        columns: [ReportColumn("user_id", .value(.userKey)), ReportColumn("playback_type", .value(.playbackType))],
        totalMetrics: []
    )

    public static let platformsDiscovery = ReportDefinition(
        id: 10010,
        name: "PLATFORMS_DISCOVERY_REALTIME",
        columns: [ReportColumn("device", .value(.device))],
        tableMetrics: [
            .uniqueAudience, .uniqueEngagedUsers, .uniqueBufferingUsers, .sumViewTime, .averageBuffering, .averageEngagement,
            .bufferTimeRatio,
        ],
        totalMetrics: [
            .uniqueAudience, .uniqueEngagedUsers, .uniqueBufferingUsers, .sumViewTime, .averageBuffering, .averageEngagement,
            .bufferTimeRatio,
        ],
        defaultOrder: "view_unique_audience"
    )

    public static let playbackType = ReportDefinition(
        id: 10011,
        name: "PLAYBACK_TYPE_REALTIME",
        columns: [ReportColumn("playback_type", .value(.playbackType))],
        tableMetrics: [.sumViewTime],
        totalMetrics: [.sumViewTime],
        defaultOrder: "sum_view_time"
    )

    public static let content = ReportDefinition(
        id: 10012,
        name: "CONTENT_REALTIME",
        columns: [ReportColumn("entry_id", .value(.entryId))],
        tableMetrics: [.averageEngagement, .averageBuffering, .averageBandwidth, .uniqueAudience],
        totalMetrics: [.averageEngagement, .averageBuffering, .averageBandwidth, .uniqueAudience],
        defaultOrder: "avg_view_engagement"
    )

    public static let discoveryView = ReportDefinition(
        id: 10013,
        name: "DISCOVERY_VIEW_REALTIME",
        graphMetrics: [
            .viewers, .viewersBuffering, .viewersEngagement, .viewersDVR, .averageBandwidth, .averageBitrate, .sumViewTime,
            .averageLiveLatency, .averageDroppedFramesRatio, .bufferTimeRatio, .averageSegmentDownloadTime,
            .averageManifestDownloadTime, .errors,
        ],
        totalMetrics: [
            .averageBandwidth, .averageBitrate, .sumViewTime, .averageLiveLatency, .averageDroppedFramesRatio, .bufferTimeRatio,
            .averageSegmentDownloadTime, .averageManifestDownloadTime, .errors,
        ],
        dynamicBuckets: true
    )

    /// Entries have no names or creators in this server, so names repeat the id.
    private static let entryColumns = [ReportColumn("entry_id", .value(.entryId)), ReportColumn("entry_name", .value(.entryId))]

    public static let topEndedBroadcastEntries = ReportDefinition(
        id: 10014,
        name: "TOP_ENDED_BROADCAST_ENTRIES",
        columns: entryColumns,
        tableMetrics: [.averageEngagement, .averageBuffering, .averageBandwidth],
        totalMetrics: [.averageEngagement, .averageBuffering, .averageBandwidth],
        defaultOrder: "viewers",
        liveNow: .excluded,
        peakColumn: .viewers
    )

    public static let topLiveNowEntries = ReportDefinition(
        id: 10015,
        name: "TOP_LIVE_NOW_ENTRIES",
        columns: entryColumns + [ReportColumn("creator_name", .constant(""))],
        tableMetrics: [.viewCount, .averageEngagement, .averageBuffering, .averageBandwidth],
        totalMetrics: [.viewCount, .averageEngagement, .averageBuffering, .averageBandwidth],
        defaultOrder: "views",
        liveNow: .only
    )

    public static let liveMeetingUsersOverview = ReportDefinition(
        id: 10016,
        name: "LIVE_MEETING_USERS_OVERVIEW_REALTIME",
        graphMetrics: [.combinedAudience, .combinedEngagedUsers, .combinedEvents, .combinedEngagement]
    )

    public static let topContent = ReportDefinition(
        id: 1,
        name: "TOP_CONTENT",
        family: .historical,
        columns: [ReportColumn("object_id", .value(.entryId)), ReportColumn("entry_name", .value(.entryId))],
        graphMetrics: [.countPlays, .sumTimeViewed, .averageTimeViewed, .countLoads, .sumViewPeriod, .averageViewPeriodTime],
        tableMetrics: [
            .countPlays, .sumTimeViewed, .averageTimeViewed, .countLoads, .loadPlayRatio, .averageDropOff, .uniqueKnownUsers,
            .sumViewPeriod, .averageViewPeriodTime, .averageCompletionRate,
        ],
        totalMetrics: [
            .countPlays, .sumTimeViewed, .averageTimeViewed, .countLoads, .loadPlayRatio, .averageDropOff, .uniqueKnownUsers,
            .sumViewPeriod, .averageViewPeriodTime, .averageCompletionRate,
        ],
        defaultOrder: "count_plays"
    )

    /// Every report this server answers, by Kaltura's `KalturaReportType` value.
    public static let all: [ReportDefinition] = [
        topContent, mapOverlayCountry, mapOverlayRegion, mapOverlayCity, platforms, usersOverview, qosOverview, discovery,
        entryLevelUsersDiscovery, entryLevelUsersStatus, platformsDiscovery, playbackType, content, discoveryView,
        topEndedBroadcastEntries, topLiveNowEntries, liveMeetingUsersOverview,
    ]

    private static let byId = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The report for a `reportType` value: its number ("10005") or its name ("USERS_OVERVIEW_REALTIME").
    public static func named(_ value: String) -> ReportDefinition? {
        if let id = Int(value) { return byId[id] }
        return all.first { $0.name == value.uppercased() }
    }
}
