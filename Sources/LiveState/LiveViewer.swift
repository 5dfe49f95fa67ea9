public import Beacon

/// One viewer of one entry, as the live viewers list shows them; kept small (well under 1 KB)
/// because a town hall can have 100,000 of them.
public struct LiveViewer: Sendable, Equatable, Codable {
    /// The user id, or the player session for an anonymous viewer.
    public var userKey: String
    public var userId: String?
    public var device: DeviceClass
    /// Unix milliseconds of the first and the latest VIEW.
    public var since: Int64
    public var lastView: Int64
    public var dvr: Bool
    public var engaged: Bool
    /// Kbps of the latest VIEW that reported one.
    public var bitrate: Double
    public var views: Int32
    public var bufferSeconds: Double
    /// Start of the latest bucket this viewer was counted in, so a bucket counts each user once.
    var countedBucket: Int64

    /// Seconds of playback: ten per VIEW.
    public var watchSeconds: Int { Int(views) * 10 }
    /// Share of playback spent buffering.
    public var bufferRatio: Double { views > 0 ? bufferSeconds / (Double(views) * 10) : 0 }
}
