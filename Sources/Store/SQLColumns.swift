public import Beacon
import Foundation

/// The beacon table's column names, shared by the SQL stores (SQLite and ClickHouse) so that both
/// files hold the same table.
public enum SQLColumns {
    /// Every stored field, in the order the stores insert and decode rows.
    public static let all = [
        "time_ms", "partner_id", "entry_id", "session_id", "event_type", "event_index", "user_id", "user_key",
        "playback_type", "position", "play_time_sum", "buffer_time", "buffer_time_sum", "actual_bitrate",
        "bandwidth", "dropped_frames_ratio", "segment_download_time", "manifest_download_time", "flavor_params_id",
        "engagement", "engaged", "device", "os_family", "browser_family", "country", "client_ip", "referrer",
        "error_code", "extra",
    ]

    /// The fields a beacon carries beyond the typed ones, as sorted-key JSON (`nil` when there are none).
    /// Written by hand: most beacons carry some, and JSONEncoder was 4 % of the server's CPU.
    public static func encodeExtra(_ extra: [String: String]) -> String? {
        guard !extra.isEmpty else { return nil }
        var json = "{"
        for (index, key) in extra.keys.sorted().enumerated() {
            if index > 0 { json += "," }
            json += JSONValue.quote(key) + ":" + JSONValue.quote(extra[key]!)
        }
        return json + "}"
    }

    public static func decodeExtra(_ text: String?) -> [String: String] {
        guard let data = text?.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }
}

/// One stored row's fields by position in ``SQLColumns/all`` order, as each store reads them.
public protocol SQLRowReading {
    func text(_ column: Int) -> String?
    func integer(_ column: Int) -> Int64?
    func real(_ column: Int) -> Double?
}

extension SQLColumns {
    /// The beacon a stored row holds, or `nil` when a field every beacon has is missing.
    public static func beacon(from row: some SQLRowReading) -> EnrichedBeacon? {
        guard let timeMs = row.integer(0), let partnerId = row.integer(1).flatMap({ Int(exactly: $0) }),
            let entryId = row.text(2), let sessionId = row.text(3), let userKey = row.text(7)
        else { return nil }
        return EnrichedBeacon(
            timeMs: timeMs,
            partnerId: partnerId,
            entryId: entryId,
            sessionId: sessionId,
            eventType: row.integer(4).flatMap { EventType(rawValue: Int($0)) } ?? .view,
            eventIndex: row.integer(5),
            userId: row.text(6),
            userKey: userKey,
            playbackType: row.text(8).flatMap(PlaybackType.init(rawValue:)),
            position: row.real(9),
            playTimeSum: row.real(10),
            bufferTime: row.real(11),
            bufferTimeSum: row.real(12),
            actualBitrate: row.real(13),
            bandwidth: row.real(14),
            droppedFramesRatio: row.real(15),
            segmentDownloadTime: row.real(16),
            manifestDownloadTime: row.real(17),
            flavorParamsId: row.integer(18),
            engagement: row.text(19),
            engaged: row.integer(20).map { $0 != 0 } ?? false,
            device: row.text(21).flatMap(DeviceClass.init(rawValue:)) ?? .other,
            osFamily: row.text(22) ?? "Other",
            browserFamily: row.text(23) ?? "Other",
            country: row.text(24),
            clientIP: row.text(25),
            referrer: row.text(26),
            errorCode: row.integer(27),
            extra: decodeExtra(row.text(28))
        )
    }
}

extension BeaconColumn {
    /// The column's name in the SQL stores.
    public var sqlName: String {
        switch self {
        case .position: "position"
        case .playTimeSum: "play_time_sum"
        case .bufferTime: "buffer_time"
        case .bufferTimeSum: "buffer_time_sum"
        case .actualBitrate: "actual_bitrate"
        case .bandwidth: "bandwidth"
        case .droppedFramesRatio: "dropped_frames_ratio"
        case .segmentDownloadTime: "segment_download_time"
        case .manifestDownloadTime: "manifest_download_time"
        }
    }
}
