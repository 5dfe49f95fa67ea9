import Beacon
import Foundation
import KalturaAPI
import Store

func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("webcast-reports-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// One beacon at `seconds` (+250 ms, so it sits inside its 10-s bucket).
func beacon(
    _ type: EventType = .view,
    at seconds: Int64,
    partner: Int = 42,
    entry: String = "1_entry",
    session: String,
    user: String? = nil,
    playback: PlaybackType = .live,
    bufferTime: Double? = 0,
    bitrate: Double? = nil,
    bandwidth: Double? = nil,
    engaged: Bool = false,
    device: DeviceClass = .computer
) -> EnrichedBeacon {
    EnrichedBeacon(
        timeMs: seconds * 1000 + 250,
        partnerId: partner,
        entryId: entry,
        sessionId: session,
        eventType: type,
        userId: user,
        userKey: Enrichment.uniqueUserKey(userId: user, sessionId: session),
        playbackType: playback,
        bufferTime: bufferTime,
        actualBitrate: bitrate,
        bandwidth: bandwidth,
        engagement: engaged ? "SoundOnTabFocused" : "SoundOffTabFocused",
        engaged: engaged,
        device: device
    )
}

/// 2026-11-22 10:00:00 UTC.
let eventStart: Int64 = 1_795_341_600

/// An api_v3 call's parameter tree, from flat `a:b` keys as a form would send them.
func call(_ service: String, _ action: String, _ values: [String: String]) -> [String: APIValue] {
    var tree = APIParameterParser.tree(pairs: values.map { ($0.key, $0.value) })
    tree["service"] = .string(service)
    tree["action"] = .string(action)
    return tree
}
