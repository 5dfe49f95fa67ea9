/// What the server knows about a beacon that the beacon does not say itself.
public struct ReceiveContext: Sendable {
    public var timeMs: Int64
    public var userAgent: UserAgentInfo
    public var clientIP: String?

    public init(timeMs: Int64, userAgent: UserAgentInfo, clientIP: String?) {
        self.timeMs = timeMs
        self.userAgent = userAgent
        self.clientIP = clientIP
    }
}

/// Pure functions from a validated beacon and its receive context to the stored row.
public enum Enrichment {
    /// Fields that become typed columns (or are dropped) rather than `extra` entries.
    static let columnFields: Set<String> = [
        "eventIndex", "userId", "playbackType", "position", "playTimeSum", "bufferTime", "bufferTimeSum",
        "actualBitrate", "bandwidth", "droppedFramesRatio", "segmentDownloadTime", "manifestDownloadTime",
        "flavorParamsId", "soundMode", "tabMode", "screenMode", "referrer", "errorCode",
        // A session token is a credential: it is never stored.
        "ks",
    ]

    public static func enrich(_ beacon: Beacon, context: ReceiveContext) -> EnrichedBeacon {
        let engagement = Engagement(
            soundMode: beacon.text("soundMode"),
            tabMode: beacon.text("tabMode"),
            screenMode: beacon.text("screenMode")
        )
        let userId = beacon.text("userId")
        var extra: [String: String] = [:]
        for (name, value) in beacon.fields where !columnFields.contains(name) {
            extra[name] = value.description
        }
        return EnrichedBeacon(
            timeMs: context.timeMs,
            partnerId: beacon.partnerId,
            entryId: beacon.entryId,
            sessionId: beacon.sessionId,
            eventType: beacon.eventType,
            eventIndex: beacon.integer("eventIndex"),
            userId: userId,
            userKey: uniqueUserKey(userId: userId, sessionId: beacon.sessionId),
            playbackType: beacon.playbackType,
            position: beacon.number("position"),
            playTimeSum: beacon.number("playTimeSum"),
            bufferTime: beacon.number("bufferTime"),
            bufferTimeSum: beacon.number("bufferTimeSum"),
            actualBitrate: measured(beacon.number("actualBitrate")),
            bandwidth: measured(beacon.number("bandwidth")),
            droppedFramesRatio: measured(beacon.number("droppedFramesRatio")),
            segmentDownloadTime: measured(beacon.number("segmentDownloadTime")),
            manifestDownloadTime: measured(beacon.number("manifestDownloadTime")),
            flavorParamsId: beacon.integer("flavorParamsId").flatMap { $0 >= 0 ? $0 : nil },
            engagement: engagement?.name,
            engaged: engagement?.isEngaged ?? false,
            device: context.userAgent.device,
            osFamily: context.userAgent.osFamily,
            browserFamily: context.userAgent.browserFamily,
            country: nil,
            clientIP: context.clientIP,
            referrer: beacon.text("referrer").map { Referrer.decode($0) ?? $0 },
            errorCode: beacon.integer("errorCode"),
            extra: extra
        )
    }

    /// Kaltura's `uniqueUserIds`: the user id when known, otherwise the session.
    public static func uniqueUserKey(userId: String?, sessionId: String) -> String {
        if let userId, !userId.isEmpty { return userId }
        return sessionId
    }

    /// KAVA's −1 means "could not measure": store it as absent so it never enters an average.
    static func measured(_ value: Double?) -> Double? {
        guard let value, value >= 0 else { return nil }
        return value
    }
}
