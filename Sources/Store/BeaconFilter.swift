public import Beacon

/// Which beacons a query reads. A filter always names one partner: there is no way to ask a store
/// for several partners' data at once.
public struct BeaconFilter: Sendable, Equatable {
    public var partnerId: Int
    /// Milliseconds since 1970, start included, end excluded.
    public var timeRange: Range<Int64>?
    public var entryIds: Set<String>?
    public var eventTypes: Set<EventType>?
    public var playbackTypes: Set<PlaybackType>?
    public var devices: Set<DeviceClass>?
    public var osFamilies: Set<String>?
    public var browserFamilies: Set<String>?
    public var countries: Set<String>?
    public var userIds: Set<String>?

    public init(
        partnerId: Int,
        timeRange: Range<Int64>? = nil,
        entryIds: Set<String>? = nil,
        eventTypes: Set<EventType>? = nil,
        playbackTypes: Set<PlaybackType>? = nil,
        devices: Set<DeviceClass>? = nil,
        osFamilies: Set<String>? = nil,
        browserFamilies: Set<String>? = nil,
        countries: Set<String>? = nil,
        userIds: Set<String>? = nil
    ) {
        self.partnerId = partnerId
        self.timeRange = timeRange
        self.entryIds = entryIds
        self.eventTypes = eventTypes
        self.playbackTypes = playbackTypes
        self.devices = devices
        self.osFamilies = osFamilies
        self.browserFamilies = browserFamilies
        self.countries = countries
        self.userIds = userIds
    }

    public func matches(_ beacon: EnrichedBeacon) -> Bool {
        beacon.partnerId == partnerId
            && (timeRange?.contains(beacon.timeMs) ?? true)
            && Self.allows(entryIds, beacon.entryId)
            && Self.allows(eventTypes, beacon.eventType)
            && Self.allows(playbackTypes, beacon.playbackType)
            && Self.allows(devices, beacon.device)
            && Self.allows(osFamilies, beacon.osFamily)
            && Self.allows(browserFamilies, beacon.browserFamily)
            && Self.allows(countries, beacon.country ?? "")
            && Self.allows(userIds, beacon.userId)
    }

    /// Whether a filter list lets `value` through: no list allows everything, a list never allows
    /// a missing value.
    public static func allows<T: Hashable>(_ set: Set<T>?, _ value: T?) -> Bool {
        guard let set else { return true }
        guard let value else { return false }
        return set.contains(value)
    }
}
