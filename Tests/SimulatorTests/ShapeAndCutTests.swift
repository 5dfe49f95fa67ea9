import Simulator
import Testing

/// Two audience shapes that differ the way real town halls and lectures do, and an event cut at
/// "now" that is exactly the first part of the whole event.
@Suite struct ShapeAndCutTests {
    static func settings(_ shape: AudienceShape, until: Int64? = nil) -> AudienceSettings {
        AudienceSettings(
            partnerId: 1001,
            entryId: "1_shape",
            viewers: 300,
            duration: 1800,
            start: 1_795_341_600,
            seed: 5,
            shape: shape,
            until: until
        )
    }

    static func share(_ truth: GroundTruth, _ included: (GroundTruth.User) -> Bool) -> Double {
        Double(truth.users.values.filter(included).count) / Double(truth.users.count)
    }

    @Test func lecturesAreSignedInStayLongerAndRewindMore() async {
        let lecture = await offPool { Audience.simulate(Self.settings(.lecture)).truth }
        let townHall = await offPool { Audience.simulate(Self.settings(.townHall)).truth }
        #expect(Self.share(lecture, { $0.userId != nil }) > 0.9)
        #expect(Self.share(townHall, { $0.userId != nil }) < 0.8)
        let stayed = { (truth: GroundTruth) in Double(truth.buckets.last!.users) / Double(truth.totals.uniqueUsers) }
        #expect(stayed(lecture) > stayed(townHall) + 0.15)
        #expect(
            Double(lecture.totals.dvrUsers) / Double(lecture.totals.uniqueUsers)
                > Double(townHall.totals.dvrUsers) / Double(townHall.totals.uniqueUsers)
        )
        #expect(lecture.devices["Game console"] == nil)
    }

    @Test(arguments: AudienceShape.allCases)
    func anEventCutAtNowIsTheFirstPartOfTheWholeEvent(shape: AudienceShape) async {
        let cut: Int64 = 1_795_341_600 + 700
        let whole = await offPool { Audience.simulate(Self.settings(shape)) }
        let part = await offPool { Audience.simulate(Self.settings(shape, until: cut)) }
        #expect(part.beacons == whole.beacons.filter { $0.time <= Double(cut) })
        #expect(part.truth.buckets.last!.start <= cut)
        let before = whole.truth.buckets.filter { $0.start + 10 <= cut }
        #expect(Array(part.truth.buckets.prefix(before.count)) == before)
        #expect(part.truth.totals.sessions < whole.truth.totals.sessions)
    }
}
