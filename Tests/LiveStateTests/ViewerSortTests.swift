import Beacon
import LiveState
import Testing

/// The live viewers list's orders: total, so pages neither repeat nor skip a viewer.
@Suite struct ViewerSortTests {
    static let viewers: [LiveViewer] = {
        let board = LiveBoard()
        let t0 = 1_795_341_600.0
        var beacons: [EnrichedBeacon] = []
        for index in 0..<500 {
            let user = index % 7 == 0 ? "anon\(index)" : "user\(index)"
            let bitrate = Double(400 * (index % 4 + 1))
            beacons.append(view(user, at: t0 + Double(index % 9), bitrate: bitrate))
        }
        board.record(beacons)
        return board.attendees(partnerId: 42, entryId: "1_live", nowMs: Int64((t0 + 10) * 1000), dvr: false)
    }()

    @Test(arguments: ViewerSort.allCases)
    func pagesCoverEveryViewerOnce(sort: ViewerSort) {
        for descending in [false, true] {
            let sorted = sort.sorted(Self.viewers, descending: descending)
            #expect(Set(sorted.map(\.userKey)).count == Self.viewers.count)
            #expect(sorted.map(\.userKey) == sort.sorted(Self.viewers.shuffled(), descending: descending).map(\.userKey))
        }
    }

    @Test func bitrateDescendingPutsTheHighestFirst() {
        let sorted = ViewerSort.bitrate.sorted(Self.viewers, descending: true)
        #expect(sorted.first?.bitrate == 1600)
        #expect(sorted.last?.bitrate == 400)
        #expect(ViewerSort.displayName(Self.viewers.first { $0.userId == nil }!).hasPrefix("Anonymous "))
    }
}
