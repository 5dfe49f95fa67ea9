import Beacon

/// Orders of the live viewers list. Every order ends on the user key, so a page never shows a
/// viewer twice or skips one.
public enum ViewerSort: String, Sendable, CaseIterable {
    case name, device, since, watchTime, bitrate, buffering, engaged

    public func sorted(_ viewers: [LiveViewer], descending: Bool) -> [LiveViewer] {
        let ascending = order
        return viewers.sorted { descending ? ascending($1, $0) : ascending($0, $1) }
    }

    private var order: @Sendable (LiveViewer, LiveViewer) -> Bool {
        switch self {
        case .name: { ($0.userId ?? "~" + $0.userKey, $0.userKey) < ($1.userId ?? "~" + $1.userKey, $1.userKey) }
        case .device: { ($0.device.rawValue, $0.userKey) < ($1.device.rawValue, $1.userKey) }
        case .since: { ($0.since, $0.userKey) < ($1.since, $1.userKey) }
        case .watchTime: { ($0.views, $0.userKey) < ($1.views, $1.userKey) }
        case .bitrate: { ($0.bitrate, $0.userKey) < ($1.bitrate, $1.userKey) }
        case .buffering: { ($0.bufferRatio, $0.userKey) < ($1.bufferRatio, $1.userKey) }
        case .engaged: { ($0.engaged ? 1 : 0, $0.userKey) < ($1.engaged ? 1 : 0, $1.userKey) }
        }
    }

    /// The name shown for a viewer: the user id, or "Anonymous" and the start of the session id.
    public static func displayName(_ viewer: LiveViewer) -> String {
        viewer.userId ?? "Anonymous \(viewer.userKey.prefix(8))"
    }
}
