import Beacon
import Reports
import SQLiteStore
import Store
import Testing

/// The engine over a small hand-built audience, on the in-memory store and on a real SQLite file:
/// every expected number below is worked out by hand from `audience`.
@Suite struct ReportEngineTests {
    /// Bucket 0 (10:00:00): alice live engaged 1000 kbps, bob live buffering 4 s 3000 kbps, anonymous s3 on a phone.
    /// Bucket 1 (10:00:10): alice again, bob in DVR. Bucket 3 (10:00:30): carol on a tablet, another entry.
    /// Plus one ERROR, one VOD view (never in realtime reports) and one view of partner 7.
    static let audience: [EnrichedBeacon] = [
        beacon(at: eventStart, session: "s1", user: "alice", bitrate: 1000, engaged: true),
        beacon(at: eventStart + 2, session: "s2", user: "bob", bufferTime: 4, bitrate: 3000),
        beacon(at: eventStart + 5, session: "s3", device: .mobile),
        beacon(at: eventStart + 10, session: "s1", user: "alice", bitrate: 1000, engaged: true),
        beacon(at: eventStart + 12, session: "s2", user: "bob", playback: .dvr, bitrate: 2000),
        beacon(at: eventStart + 31, entry: "1_other", session: "s4", user: "carol", bandwidth: 5000, device: .tablet),
        beacon(.error, at: eventStart + 15, session: "s3", bufferTime: nil, device: .mobile),
        beacon(at: eventStart + 20, session: "s9", user: "vod", playback: .vod),
        beacon(at: eventStart + 3, partner: 7, session: "x", user: "mallory"),
    ]

    static func stores() throws -> [any BeaconStore] {
        [InMemoryStore(), try SQLiteStore(directory: temporaryDirectory())]
    }

    func engine(_ store: any BeaconStore) async throws -> ReportEngine {
        try await store.append(Self.audience)
        return ReportEngine(store: store, now: { eventStart + 40 })
    }

    func request(interval: ReportInterval = .tenSeconds, from: Int64 = eventStart, to: Int64 = eventStart + 60) -> ReportRequest {
        ReportRequest(filter: BeaconFilter(partnerId: 42), from: from, to: to, interval: interval)
    }

    @Test(arguments: try stores())
    func usersOverviewPerTenSeconds(store: any BeaconStore) async throws {
        let table = try await engine(store).table(.usersOverview, request())
        #expect(table.header == ["date_id", "view_unique_audience", "view_unique_engaged_users", "views", "avg_view_engagement"])
        let s = String(eventStart)
        #expect(
            table.rows == [
                [s, "3", "1", "3", "0.33333333333333"],
                [String(eventStart + 10), "2", "1", "2", "0.5"],
                [String(eventStart + 30), "1", "0", "1", "0"],
            ]
        )
        #expect(table.totalCount == 3)
    }

    @Test(arguments: try stores())
    func emptyBucketsOnRequest(store: any BeaconStore) async throws {
        var request = request(to: eventStart + 40)
        request.includeEmptyBuckets = true
        let graphs = try await engine(store).graphs(.usersOverview, request)
        #expect(graphs.map(\.id) == ["view_unique_audience", "view_unique_engaged_users", "views", "avg_view_engagement"])
        #expect(graphs[2].points.map(\.y) == ["3", "2", "0", "1"])
        #expect(graphs[2].points.map(\.x) == [0, 10, 20, 30].map { String(eventStart + $0) })
    }

    @Test(arguments: try stores())
    func totalsCountUniquesOverTheWholeRange(store: any BeaconStore) async throws {
        let total = try await engine(store).total(.qosOverview, request())
        #expect(
            total.header == [
                "view_unique_audience", "view_unique_buffering_users", "avg_view_downstream_bandwidth", "view_buffer_time_ratio", "avg_view_bitrate",
            ]
        )
        // 4 users (alice, bob, s3, carol); bob buffered; one bandwidth of 5000; 4 s over 6 views × 10 s; (1000+3000+1000+2000)/4.
        #expect(total.values == ["4", "1", "5000", "0.066666666666667", "1750"])
    }

    @Test(arguments: try stores())
    func platformsGroupByDevice(store: any BeaconStore) async throws {
        let table = try await engine(store).table(.platforms, request())
        #expect(table.header == ["device", "view_unique_audience", "sum_view_time"])
        #expect(table.rows == [["Computer", "2", "40"], ["Mobile", "1", "10"], ["Tablet", "1", "10"]])
        let ascending = try await ReportEngine(store: store, now: { 0 }).table(.platforms, request(), order: "+sum_view_time")
        #expect(ascending.rows.map(\.[0]) == ["Mobile", "Tablet", "Computer"])
    }

    @Test(arguments: try stores())
    func usersDiscoverySplitsLiveAndDVR(store: any BeaconStore) async throws {
        let table = try await engine(store).table(.entryLevelUsersDiscovery, request())
        #expect(
            table.header == [
                "user_id", "user_name", "sum_view_time_live", "sum_view_time_dvr", "sum_view_time", "avg_view_buffering",
                "avg_view_engagement", "view_buffer_time_ratio",
            ]
        )
        #expect(
            table.rows == [
                ["alice", "alice", "20", "0", "20", "0", "1", "0"],
                ["bob", "bob", "10", "10", "20", "0.5", "0", "0.2"],
                ["carol", "carol", "10", "0", "10", "0", "0", "0"],
                ["s3", "Unknown", "10", "0", "10", "0", "0", "0"],
            ]
        )
    }

    @Test(arguments: try stores())
    func usersStatusListsPairs(store: any BeaconStore) async throws {
        let table = try await engine(store).table(.entryLevelUsersStatus, request())
        #expect(table.header == ["user_id", "playback_type"])
        #expect(table.rows == [["alice", "live"], ["bob", "dvr"], ["bob", "live"], ["carol", "live"], ["s3", "live"]])
        await #expect(throws: ReportError.noMetrics(report: "ENTRY_LEVEL_USERS_STATUS_REALTIME", action: "getTotal")) {
            try await ReportEngine(store: store, now: { 0 }).total(.entryLevelUsersStatus, request())
        }
    }

    @Test(arguments: try stores())
    func filtersNarrowWithinThePartner(store: any BeaconStore) async throws {
        let engine = try await engine(store)
        var narrowed = request()
        narrowed.filter.entryIds = ["1_other"]
        #expect(try await engine.total(.usersOverview, narrowed).values == ["1", "0", "1", "0"])
        narrowed = request()
        narrowed.filter.playbackTypes = [.dvr, .vod]  // realtime reports never read VOD
        #expect(try await engine.total(.usersOverview, narrowed).values == ["1", "0", "1", "0"])
        narrowed = request()
        narrowed.filter.partnerId = 7
        #expect(try await engine.total(.platforms, narrowed).values == ["1", "10"])
    }

    @Test(arguments: try stores())
    func pagingAndTheRowCap(store: any BeaconStore) async throws {
        let engine = try await engine(store)
        let page = try await engine.table(.entryLevelUsersDiscovery, request(), page: ReportPage(size: 3, index: 2))
        #expect(page.rows.map(\.[0]) == ["s3"])
        #expect(page.totalCount == 4)
        await #expect(throws: ReportError.tooManyResults) {
            try await engine.table(.platforms, request(), page: ReportPage(size: 10_000, index: 2))
        }
        let clamped = try await engine.table(.platforms, request(), page: ReportPage(size: 50_000, index: 1))
        #expect(clamped.rows.count == 3)
    }

    @Test(arguments: try stores())
    func dynamicBucketsAndErrors(store: any BeaconStore) async throws {
        // A day → 80-s buckets (ranges past 10,000 s keep to about 1,000 buckets); the interval is ignored.
        let graphs = try await engine(store).graphs(.discoveryView, request(interval: .days, from: eventStart - 43200, to: eventStart + 43200))
        let viewers = try #require(graphs.first { $0.id == "viewers" })
        // All 6 live/DVR views fall in the bucket starting at 10:00:00: 6 / 8 periods, rounded up.
        #expect(viewers.points == [ReportGraph.Point(x: String(eventStart), y: "1")])
        #expect(graphs.first { $0.id == "error" }?.points.map(\.y) == ["1"])
    }

    @Test(arguments: try stores())
    func monthsFollowTheCalendar(store: any BeaconStore) async throws {
        let request = request(interval: .months, from: eventStart - 40 * 86400, to: eventStart + 86400)
        let table = try await engine(store).table(.usersOverview, request)
        #expect(table.header.first == "month_id")
        #expect(table.rows.map(\.[0]) == ["202611"])
    }

    @Test(arguments: try stores())
    func topContentReadsVODByDefault(store: any BeaconStore) async throws {
        try await store.append([
            beacon(.impression, at: eventStart + 20, entry: "1_vod", session: "v1", user: "u1", playback: .vod),
            beacon(.impression, at: eventStart + 20, entry: "1_vod", session: "v2", playback: .vod),
            beacon(.play, at: eventStart + 21, entry: "1_vod", session: "v1", user: "u1", playback: .vod),
            beacon(.playReached25Percent, at: eventStart + 22, entry: "1_vod", session: "v1", user: "u1", playback: .vod),
        ])
        let engine = try await engine(store)
        let table = try await engine.table(.topContent, request(interval: .days))
        #expect(table.header.prefix(4) == ["object_id", "entry_name", "count_plays", "sum_time_viewed"])
        let vod = try #require(table.rows.first { $0[0] == "1_vod" })
        // 1 play, 0 views, 2 loads, ratio 0.5, drop-off 1/4, one known user.
        #expect(vod == ["1_vod", "1_vod", "1", "0", "0", "2", "0.5", "0.25", "1", "0", "0", "0"])
        #expect(table.rows.contains { $0[0] == "1_entry" })  // the VOD view of "vod" counts
        let graphs = try await engine.graphs(.topContent, request(interval: .days))
        #expect(graphs.first?.points.first?.x == "20261122")
    }

    @Test(arguments: try stores())
    func liveNowAndEndedBroadcasts(store: any BeaconStore) async throws {
        // now = 10:00:40: both entries had a VIEW within the last minute.
        let engine = try await engine(store)
        let live = try await engine.table(.topLiveNowEntries, request())
        #expect(live.rows.map(\.[0]) == ["1_entry", "1_other"])
        #expect(
            live.header == [
                "entry_id", "entry_name", "creator_name", "views", "avg_view_engagement", "avg_view_buffering", "avg_view_downstream_bandwidth",
            ]
        )
        let ended = try await engine.table(.topEndedBroadcastEntries, request())
        #expect(ended.rows.isEmpty)
        let later = ReportEngine(store: store, now: { eventStart + 3600 })
        let endedLater = try await later.table(.topEndedBroadcastEntries, request())
        #expect(endedLater.header.prefix(3) == ["entry_id", "entry_name", "viewers"])
        #expect(endedLater.rows.map(\.[0]).sorted() == ["1_entry", "1_other"])
    }

    @Test(arguments: try stores())
    func graphsOfATableReportFail(store: any BeaconStore) async throws {
        await #expect(throws: ReportError.noMetrics(report: "PLATFORMS_REALTIME", action: "getGraphs")) {
            try await ReportEngine(store: store, now: { 0 }).graphs(.platforms, request())
        }
    }

    @Test func everyReportIsDeclaredOnce() {
        let ids = ReportDefinition.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set([1] + Array(10001...10016)))
        #expect(ReportDefinition.named("10005")?.name == "USERS_OVERVIEW_REALTIME")
        #expect(ReportDefinition.named("platforms_realtime")?.id == 10004)
        #expect(ReportDefinition.named("40001") == nil)
    }
}
