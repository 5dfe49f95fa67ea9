import Beacon
import LiveState
import Testing

func view(
    _ user: String,
    at seconds: Double,
    entry: String = "1_live",
    dvr: Bool = false,
    bitrate: Double? = nil,
    buffer: Double = 0,
    engaged: Bool = true,
    device: DeviceClass = .computer,
    partner: Int = 42
) -> EnrichedBeacon {
    EnrichedBeacon(
        timeMs: Int64(seconds * 1000),
        partnerId: partner,
        entryId: entry,
        sessionId: "s-\(user)",
        eventType: .view,
        userId: user.hasPrefix("anon") ? nil : user,
        userKey: user,
        playbackType: dvr ? .dvr : .live,
        bufferTime: buffer,
        actualBitrate: bitrate,
        engaged: engaged,
        device: device
    )
}

/// The live state: who attends now, per-bucket distinct users, the last minute's averages.
@Suite struct LiveBoardTests {
    let t0: Double = 1_795_341_600

    @Test func attendeesAreThoseWithARecentViewLiveAndDVRApart() {
        let board = LiveBoard()
        board.record([view("a", at: t0), view("b", at: t0 + 1, dvr: true), view("c", at: t0 - 20), view("d", at: t0 + 2, device: .mobile)])
        let snapshot = board.snapshot(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 5) * 1000), seriesSeconds: 60)!
        #expect(snapshot.attending.live == 2)
        #expect(snapshot.attending.dvr == 1)
        #expect(snapshot.platforms == ["Computer": 2, "Mobile": 1])
        let live = board.attendees(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 5) * 1000), dvr: false)
        #expect(Set(live.map(\.userKey)) == ["a", "d"])
        // Twelve seconds after a's VIEW, a no longer attends.
        let later = board.snapshot(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 12.5) * 1000), seriesSeconds: 60)!
        #expect(later.attending.live == 1)
    }

    @Test func aBucketCountsEachUserOnceEvenAfterARejoin() {
        let board = LiveBoard()
        var rejoin = view("a", at: t0 + 7)
        rejoin.sessionId = "another-session"
        board.record([view("a", at: t0 + 1), rejoin, view("b", at: t0 + 3), view("a", at: t0 + 11)])
        let snapshot = board.snapshot(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 15) * 1000), seriesSeconds: 60)!
        #expect(snapshot.series.map(\.start) == [Int64(t0), Int64(t0) + 10])
        #expect(snapshot.series.map(\.users) == [2, 1])
        #expect(snapshot.series[0].views == 3)
    }

    @Test func lastMinuteBitrateAndBufferingAreRatiosOfSums() {
        let board = LiveBoard()
        board.record([
            view("a", at: t0 + 1, bitrate: 1500, buffer: 2), view("b", at: t0 + 2, bitrate: 3000), view("c", at: t0 + 3),
            // Over a minute old: outside the last minute.
            view("d", at: t0 - 70, bitrate: 400, buffer: 5),
        ])
        let snapshot = board.snapshot(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 5) * 1000), seriesSeconds: 600)!
        #expect(snapshot.lastMinute.bitrate == 2250)
        #expect(snapshot.lastMinute.views == 3)
        #expect(snapshot.lastMinute.bufferRatio == 2.0 / 30)
        #expect(snapshot.bitrateTrend.count == 30 && snapshot.bitrateTrend.last == 2250)
    }

    @Test func partnersAndEntriesAreApart() {
        let board = LiveBoard()
        board.record([view("a", at: t0), view("b", at: t0, partner: 43), view("c", at: t0, entry: "1_other")])
        let now = Int64((t0 + 1) * 1000)
        #expect(board.snapshot(partnerId: 42, entryId: "1_live", nowMs: now, seriesSeconds: 60)?.attending.live == 1)
        #expect(board.attendees(partnerId: 43, entryId: "1_live", nowMs: now, dvr: false).map(\.userKey) == ["b"])
        #expect(board.snapshot(partnerId: 44, entryId: "1_live", nowMs: now, seriesSeconds: 60) == nil)
    }

    @Test func beaconsOlderThanTheRingAreLeftToTheStore() {
        let board = LiveBoard(ringSeconds: 600)
        board.record([view("a", at: t0)])
        board.record([view("old", at: t0 - 700), view("b", at: t0 - 500)])
        let snapshot = board.snapshot(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 1) * 1000), seriesSeconds: 600)!
        #expect(snapshot.series.map(\.start) == [Int64(t0) - 500, Int64(t0)])
    }

    @Test func silentViewersAreForgottenAndTheirMemoryFreed() {
        let board = LiveBoard()
        board.record((0..<1000).map { view("u\($0)", at: t0) })
        #expect(board.viewerCount == 1000)
        board.record([view("late", at: t0 + 700)])
        board.forget(nowMs: Int64((t0 + 701) * 1000))
        #expect(board.viewerCount == 1)
    }

    @Test func viewerStateAddsUp() throws {
        let board = LiveBoard()
        board.record([view("a", at: t0, bitrate: 800, buffer: 1), view("a", at: t0 + 10, bitrate: 1500, buffer: 3, engaged: false)])
        let viewer = try #require(board.attendees(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 11) * 1000), dvr: false).first)
        #expect(viewer.watchSeconds == 20)
        #expect(viewer.bitrate == 1500)
        #expect(viewer.bufferRatio == 4.0 / 20)
        #expect(viewer.engaged == false)
        #expect(viewer.since == Int64(t0 * 1000))
    }
}
