import Beacon
import Simulator

/// A large audience made straight as stored rows, for benchmarks: every viewer sends a VIEW each
/// 10 s from joining to leaving, with the devices, DVR, engagement and buffering shares of a town
/// hall. The accuracy suite uses the full simulator; this only has to be big and cheap.
struct BenchAudience {
    let partnerId: Int
    let entryId: String
    let viewers: Int
    let start: Int64
    let duration: Int64

    private static let platforms: [UserAgentInfo] = [
        UserAgentInfo(device: .computer, osFamily: "Windows", browserFamily: "Chrome"),
        UserAgentInfo(device: .computer, osFamily: "macOS", browserFamily: "Safari"),
        UserAgentInfo(device: .computer, osFamily: "Windows", browserFamily: "Edge"),
        UserAgentInfo(device: .mobile, osFamily: "iOS", browserFamily: "Mobile Safari"),
        UserAgentInfo(device: .mobile, osFamily: "Android", browserFamily: "Chrome Mobile"),
        UserAgentInfo(device: .tablet, osFamily: "iOS", browserFamily: "Mobile Safari"),
        UserAgentInfo(device: .smartTV, osFamily: "Tizen", browserFamily: "Other"),
    ]
    private static let bitrates: [Double] = [400, 800, 1500, 3000]

    var steps: Int64 { duration / 10 }

    /// The beacons of one 10-s step: a VIEW from every viewer watching then.
    func step(_ index: Int64) -> [EnrichedBeacon] {
        var random = SeededRandom(seed: UInt64(index) &* 0x9E37_79B9 &+ 1)
        var beacons: [EnrichedBeacon] = []
        beacons.reserveCapacity(viewers)
        for viewer in 0..<viewers {
            // Viewers join over the first 10 minutes; one in five leaves in the second half.
            let joins = Int64(viewer % 60) * 10
            let leaves = viewer % 5 == 0 ? duration / 2 + Int64(viewer % 360) * 10 : duration
            let offset = index * 10
            guard offset >= joins, offset < leaves else { continue }
            let platform = Self.platforms[viewer % Self.platforms.count]
            let known = viewer % 10 < 7
            let dvr = viewer % 9 == 0 && offset > joins + 300
            let buffering = random.chance(0.03)
            let engaged = (viewer + Int(index / 30)) % 4 != 0
            beacons.append(
                EnrichedBeacon(
                    timeMs: (start + offset) * 1000 + Int64(viewer % 10_000),
                    partnerId: partnerId,
                    entryId: entryId,
                    sessionId: "s\(viewer)",
                    eventType: .view,
                    eventIndex: index + 3,
                    userId: known ? "user\(viewer)" : nil,
                    userKey: known ? "user\(viewer)" : "s\(viewer)",
                    playbackType: dvr ? .dvr : .live,
                    position: dvr ? -300 : -2,
                    playTimeSum: Double(offset - joins),
                    bufferTime: buffering ? 1.5 : 0,
                    bufferTimeSum: 0,
                    actualBitrate: Self.bitrates[viewer % Self.bitrates.count],
                    engagement: engaged ? "SoundOnTabFocused" : "SoundOffTabFocused",
                    engaged: engaged,
                    device: platform.device,
                    osFamily: platform.osFamily,
                    browserFamily: platform.browserFamily,
                    extra: [:]
                )
            )
        }
        return beacons
    }
}
