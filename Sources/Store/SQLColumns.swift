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
