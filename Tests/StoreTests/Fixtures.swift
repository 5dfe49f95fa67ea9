import Beacon
import Foundation
import Store

/// A fresh temporary folder, removed by the caller's `defer`.
func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("webcast-tests-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func view(
    at seconds: Int64,
    partner: Int = 42,
    entry: String = "1_entry",
    session: String,
    user: String? = nil,
    playback: PlaybackType = .live,
    bufferTime: Double = 0,
    bitrate: Double? = nil,
    engaged: Bool = false,
    device: DeviceClass = .computer
) -> EnrichedBeacon {
    EnrichedBeacon(
        timeMs: seconds * 1000 + 250,
        partnerId: partner,
        entryId: entry,
        sessionId: session,
        eventType: .view,
        userId: user,
        userKey: Enrichment.uniqueUserKey(userId: user, sessionId: session),
        playbackType: playback,
        bufferTime: bufferTime,
        actualBitrate: bitrate,
        engagement: engaged ? "SoundOnTabFocused" : "SoundOffTabFocused",
        engaged: engaged,
        device: device
    )
}

/// A deterministic pseudo-random audience for comparing stores (SplitMix64).
struct SeededBeacons {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }

    mutating func make(count: Int, start: Int64) -> [EnrichedBeacon] {
        (0..<count).map { _ in
            let session = "s\(next() % 300)"
            let user: String? = next() % 3 == 0 ? "user\(next() % 100)" : nil
            var beacon = view(
                at: start + Int64(next() % 3_600),
                partner: pick([42, 42, 42, 7]),
                entry: pick(["1_a", "1_b", "1_c"]),
                session: session,
                user: user,
                playback: pick([.live, .live, .dvr, .vod]),
                bufferTime: pick([0, 0, 0, 1.5, 4]),
                bitrate: pick([nil, 800, 1500, 3000]),
                engaged: next() % 2 == 0,
                device: pick([.computer, .mobile, .tablet, .smartTV])
            )
            beacon.eventType = pick([.view, .view, .view, .play, .bufferStart])
            beacon.osFamily = pick(["Windows", "iOS", "Android"])
            beacon.browserFamily = pick(["Chrome", "Safari"])
            beacon.country = pick([nil, "US", "IL"])
            return beacon
        }
    }
}
