public import Ingest

/// Everything `serve` can be told, with the defaults a laptop deployment wants.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var writeBuffer: WriteBuffer.Configuration
    /// An admin token that lets batch lines carry their own `eventTime` and `clientIp` (backfill).
    /// `nil` turns trusted batches off. It is compared in constant time and never logged.
    public var backfillToken: String?
    /// Take the viewer IP from `X-Forwarded-For` (only behind a proxy you run).
    public var trustForwardedFor: Bool
    public var maxBeaconBodyBytes: Int
    public var maxBatchBodyBytes: Int
    /// Bodies of API calls (reports, sessions, multirequests).
    public var maxAPIBodyBytes: Int
    /// How often every open live pane gets a new snapshot.
    public var liveTick: Duration
    /// On a store several servers share: how long a beacon may take to be stored before the live
    /// board reads it (see `LiveTail`). Beacon-to-pane freshness is about this plus two ticks.
    public var liveLag: Duration
    /// Beacons of whole days older than this many days are deleted, with their rollups; `nil`
    /// keeps every beacon.
    public var retentionDays: Int?
    /// How often retention runs after the first pass at start.
    public var retentionInterval: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        writeBuffer: WriteBuffer.Configuration = .init(),
        backfillToken: String? = nil,
        trustForwardedFor: Bool = false,
        maxBeaconBodyBytes: Int = 2 << 20,
        maxBatchBodyBytes: Int = 8 << 20,
        maxAPIBodyBytes: Int = 1 << 20,
        liveTick: Duration = .seconds(1),
        liveLag: Duration = .seconds(2),
        retentionDays: Int? = nil,
        retentionInterval: Duration = .seconds(3600)
    ) {
        self.host = host
        self.port = port
        self.writeBuffer = writeBuffer
        self.backfillToken = backfillToken
        self.trustForwardedFor = trustForwardedFor
        self.maxBeaconBodyBytes = maxBeaconBodyBytes
        self.maxBatchBodyBytes = maxBatchBodyBytes
        self.maxAPIBodyBytes = maxAPIBodyBytes
        self.liveTick = liveTick
        self.liveLag = liveLag
        self.retentionDays = retentionDays
        self.retentionInterval = retentionInterval
    }
}
