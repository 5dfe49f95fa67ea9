import Beacon
import Simulator
import Testing

/// "Attending now" as we count it — distinct users with a VIEW in the last ten seconds — against the
/// naive count many dashboards show: player sessions that sent anything in the last minute.
/// docs/metrics.md quotes the numbers this prints.
@Suite struct AttendingNowTests {
    struct Comparison {
        var meanOvercount: Double
        var maxOvercount: Double
        /// The naive count 30 s after the stream ended (ours is zero by then).
        var naiveAfterEnd: Int
        /// Share of the audience that watches the DVR, on average: a live count that does not split them is off by this.
        var dvrShare: Double
    }

    static func compare(_ shape: AudienceShape) -> Comparison {
        let settings = AudienceSettings(
            partnerId: 1001,
            entryId: "1_now",
            viewers: 1000,
            duration: 1800,
            start: 1_795_341_600,
            seed: 42,
            shape: shape
        )
        let run = Audience.simulate(settings)
        let truth = Dictionary(uniqueKeysWithValues: run.truth.buckets.map { ($0.start, $0.users) })
        let busy = run.truth.buckets.filter { $0.users >= 50 }
        let dvrShare = busy.map { Double($0.dvrUsers) / Double($0.users) }.reduce(0, +) / Double(busy.count)
        var overcounts: [Double] = []
        var lastSeen: [String: Double] = [:]
        var index = 0
        var bucketEnd = Double(settings.start) + 10
        let finalEnd = Double(settings.start + settings.duration) + 30
        var naiveAfterEnd = 0
        while bucketEnd <= finalEnd {
            while index < run.beacons.count, run.beacons[index].time < bucketEnd {
                lastSeen[run.beacons[index].parameters["sessionId"]!] = run.beacons[index].time
                index += 1
            }
            let naive = lastSeen.values.filter { $0 >= bucketEnd - 60 }.count
            let ours = truth[Int64(bucketEnd) - 10] ?? 0
            if ours >= 50 { overcounts.append(Double(naive - ours) / Double(ours)) }
            naiveAfterEnd = naive
            bucketEnd += 10
        }
        return Comparison(
            meanOvercount: overcounts.reduce(0, +) / Double(overcounts.count),
            maxOvercount: overcounts.max() ?? 0,
            naiveAfterEnd: naiveAfterEnd,
            dvrShare: dvrShare
        )
    }

    @Test(arguments: AudienceShape.allCases)
    func theNaiveCountOvercountsTheAudience(shape: AudienceShape) async {
        let result = await offPool { Self.compare(shape) }
        print(
            "attending now, \(shape.rawValue): naive over-count mean \((result.meanOvercount * 1000).rounded() / 10)%,"
                + " max \((result.maxOvercount * 1000).rounded() / 10)%, naive 30 s after the end \(result.naiveAfterEnd),"
                + " DVR share \((result.dvrShare * 1000).rounded() / 10)%"
        )
        #expect(result.meanOvercount > 0.01)
        #expect(result.maxOvercount > result.meanOvercount)
        #expect(result.naiveAfterEnd > 0)
        #expect(result.dvrShare > 0 && result.dvrShare < 0.2)
    }
}
