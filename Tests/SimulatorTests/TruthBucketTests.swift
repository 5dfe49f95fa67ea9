import Beacon
import Simulator
import Testing

/// Each ten-second bucket of the ground truth holds exactly the VIEWs whose carried time (whole
/// milliseconds, as the server stores it) falls in it, whatever the event's start is.
@Suite struct TruthBucketTests {
    /// The event a CI run caught: one viewer's VIEWs fall exactly on bucket boundaries, and the
    /// truth, summing 10-s steps in floating point, put all of them one bucket early.
    static let settings = AudienceSettings(
        partnerId: 1001,
        entryId: "1_after",
        viewers: 180,
        duration: 1200,
        start: 1_795_353_293,
        seed: 17,
        shape: .townHall
    )

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as [Int64])
    func bucketsHoldTheViewsTheirTimesFallIn(shift: Int64) async {
        var shifted = Self.settings
        shifted.start += shift
        let settings = shifted
        let run = await offPool { Audience.simulate(settings) }
        var users: [Int64: Set<String>] = [:]
        for beacon in run.beacons where beacon.eventType == .view {
            let milliseconds = Int64((beacon.time * 1000).rounded())
            let start = milliseconds / 10_000 * 10
            users[start, default: []].insert(beacon.parameters["userId"] ?? beacon.parameters["sessionId"]!)
        }
        let truth = Dictionary(uniqueKeysWithValues: run.truth.buckets.filter { $0.users > 0 }.map { ($0.start, $0.users) })
        let differing = Set(truth.keys).union(users.keys).filter { truth[$0] != users[$0]?.count }.sorted()
        #expect(!truth.isEmpty)
        #expect(differing.isEmpty, "buckets whose truth differs from the beacons: \(differing)")
    }
}
