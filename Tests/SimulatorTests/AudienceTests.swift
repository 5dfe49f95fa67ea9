import Beacon
import Simulator
import Testing

/// The simulated audience: deterministic, shaped like a webcast, playing KAVA's sequence, and
/// with a ground truth that agrees with the beacons it sent.
@Suite struct AudienceTests {
    static let settings = AudienceSettings(partnerId: 1001, entryId: "1_town", viewers: 200, duration: 1500, start: 1_795_341_600, seed: 42)
    private static let shared = Audience.simulate(settings)
    /// Touched only off the cooperative pool, so that its first use never blocks a pool thread.
    static var run: Audience.Run { get async { await offPool { shared } } }

    @Test func sameSeedSameAudience() async {
        let run = await Self.run
        let again = await offPool { Audience.simulate(Self.settings) }
        #expect(again.beacons == run.beacons)
        #expect(again.truth == run.truth)
        var other = Self.settings
        other.seed = 43
        let different = await offPool { [other] in Audience.simulate(other) }
        #expect(different.beacons != run.beacons)
    }

    @Test func everyBeaconIsValidKAVA() async throws {
        let run = await Self.run
        for beacon in run.beacons {
            var parameters = BeaconParameters(beacon.parameters)
            parameters["service"] = "analytics"
            let validated = try BeaconValidator.validate(parameters)
            #expect(validated.partnerId == 1001)
        }
    }

    @Test func beaconsAreInTimeOrderWithinTheEvent() async {
        let run = await Self.run
        let times = run.beacons.map(\.time)
        #expect(times == times.sorted())
        #expect(times.first! >= Double(Self.settings.start))
        #expect(times.last! < Double(Self.settings.start + Self.settings.duration) + 1)
    }

    @Test func sessionsFollowTheKAVASequence() async {
        let run = await Self.run
        var bySession: [String: [SimulatedBeacon]] = [:]
        for beacon in run.beacons { bySession[beacon.parameters["sessionId"]!, default: []].append(beacon) }
        #expect(bySession.count == run.truth.totals.sessions)
        for (_, beacons) in bySession {
            let types = beacons.compactMap(\.eventType)
            #expect(Array(types.prefix(3)) == [.impression, .playRequest, .play])
            #expect(types.dropFirst(3).first == .view)
            // VIEWs of one session are at least 10 s apart.
            let views = beacons.filter { $0.eventType == .view }.map(\.time)
            for (a, b) in zip(views, views.dropFirst()) { #expect(b - a >= 10 - 1e-6) }
        }
    }

    @Test func truthAgreesWithTheBeacons() async {
        let run = await Self.run
        let views = run.beacons.filter { $0.eventType == .view }
        let truth = run.truth
        #expect(truth.totals.slots == views.count)
        #expect(truth.totals.dvrSlots == views.filter { $0.parameters["playbackType"] == "dvr" }.count)
        #expect(truth.totals.errors == run.beacons.filter { $0.eventType == .error }.count)
        #expect(truth.buckets.map(\.liveSlots).reduce(0, +) == truth.totals.liveSlots)
        let keys = Set(views.map { $0.parameters["userId"] ?? $0.parameters["sessionId"]! })
        #expect(truth.totals.uniqueUsers == keys.count)
        #expect(truth.users.values.map { $0.liveSeconds + $0.dvrSeconds }.reduce(0, +) == views.count * 10)
    }

    @Test func theAudienceLooksLikeAWebcast() async {
        let run = await Self.run
        let truth = run.truth
        let peak = truth.buckets.map(\.users).max() ?? 0
        // A peak after the start, most viewers watching at once, and churn by the end.
        #expect(peak > Self.settings.viewers / 2)
        let peakAt = truth.buckets.first { $0.users == peak }!.start - Self.settings.start
        #expect(peakAt > 60 && peakAt < 1200)
        #expect(truth.totals.dvrUsers > 0)
        #expect(truth.totals.bufferingUsers > 0)
        #expect(truth.totals.engagedUsers > 0 && truth.totals.engagedUsers < truth.totals.uniqueUsers)
        #expect(truth.devices.keys.contains("Mobile") && truth.devices.keys.contains("Computer"))
        #expect(truth.users.values.contains { $0.userId == nil } && truth.users.values.contains { $0.name != nil })
        // Rejoins after a drop: more sessions than viewers.
        #expect(truth.totals.sessions > Self.settings.viewers)
    }
}
