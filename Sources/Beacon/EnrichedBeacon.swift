/// One stored beacon: the validated fields the reports aggregate, typed, plus what the server
/// adds (time, device, user key, engagement). Everything else the event carried is kept in `extra`.
public struct EnrichedBeacon: Sendable, Equatable {
    /// Event time in milliseconds since 1970: the server's receive time unless a trusted source set it.
    public var timeMs: Int64
    public var partnerId: Int
    public var entryId: String
    public var sessionId: String
    public var eventType: EventType
    public var eventIndex: Int64?
    public var userId: String?
    /// Who counts as one unique user: the user id when the player knows it, else the session id.
    public var userKey: String
    public var playbackType: PlaybackType?
    public var position: Double?
    public var playTimeSum: Double?
    public var bufferTime: Double?
    public var bufferTimeSum: Double?
    public var actualBitrate: Double?
    public var bandwidth: Double?
    public var droppedFramesRatio: Double?
    public var segmentDownloadTime: Double?
    public var manifestDownloadTime: Double?
    public var flavorParamsId: Int64?
    public var engagement: String?
    public var engaged: Bool
    public var device: DeviceClass
    public var osFamily: String
    public var browserFamily: String
    public var country: String?
    public var clientIP: String?
    public var referrer: String?
    public var errorCode: Int64?
    public var extra: [String: String]

    public init(
        timeMs: Int64,
        partnerId: Int,
        entryId: String,
        sessionId: String,
        eventType: EventType,
        eventIndex: Int64? = nil,
        userId: String? = nil,
        userKey: String,
        playbackType: PlaybackType? = nil,
        position: Double? = nil,
        playTimeSum: Double? = nil,
        bufferTime: Double? = nil,
        bufferTimeSum: Double? = nil,
        actualBitrate: Double? = nil,
        bandwidth: Double? = nil,
        droppedFramesRatio: Double? = nil,
        segmentDownloadTime: Double? = nil,
        manifestDownloadTime: Double? = nil,
        flavorParamsId: Int64? = nil,
        engagement: String? = nil,
        engaged: Bool = false,
        device: DeviceClass = .other,
        osFamily: String = "Other",
        browserFamily: String = "Other",
        country: String? = nil,
        clientIP: String? = nil,
        referrer: String? = nil,
        errorCode: Int64? = nil,
        extra: [String: String] = [:]
    ) {
        self.timeMs = timeMs
        self.partnerId = partnerId
        self.entryId = entryId
        self.sessionId = sessionId
        self.eventType = eventType
        self.eventIndex = eventIndex
        self.userId = userId
        self.userKey = userKey
        self.playbackType = playbackType
        self.position = position
        self.playTimeSum = playTimeSum
        self.bufferTime = bufferTime
        self.bufferTimeSum = bufferTimeSum
        self.actualBitrate = actualBitrate
        self.bandwidth = bandwidth
        self.droppedFramesRatio = droppedFramesRatio
        self.segmentDownloadTime = segmentDownloadTime
        self.manifestDownloadTime = manifestDownloadTime
        self.flavorParamsId = flavorParamsId
        self.engagement = engagement
        self.engaged = engaged
        self.device = device
        self.osFamily = osFamily
        self.browserFamily = browserFamily
        self.country = country
        self.clientIP = clientIP
        self.referrer = referrer
        self.errorCode = errorCode
        self.extra = extra
    }
}
