import Beacon
import Store

/// The low-cardinality values a rollup cell is kept apart by: everything the reports filter, group
/// or condition on except the user and the time.
struct CellKey: Hashable, Sendable {
    var entryId: String
    var eventType: EventType
    var playbackType: PlaybackType?
    var device: DeviceClass
    var osFamily: String
    var browserFamily: String
    var country: String
    var engaged: Bool
    /// `bufferTime` > 0: the only column test the reports make on single beacons' users.
    var buffering: Bool
    var known: Bool

    init(_ beacon: EnrichedBeacon) {
        entryId = beacon.entryId
        eventType = beacon.eventType
        playbackType = beacon.playbackType
        device = beacon.device
        osFamily = beacon.osFamily
        browserFamily = beacon.browserFamily
        country = beacon.country ?? ""
        engaged = beacon.engaged
        buffering = (beacon.bufferTime ?? 0) > 0
        known = !(beacon.userId ?? "").isEmpty
    }

    /// The value a query groups by, rendered as ``Dimension/value(of:)`` renders it.
    func value(_ dimension: Dimension) -> String? {
        switch dimension {
        case .entryId: entryId
        case .eventType: String(eventType.rawValue)
        case .playbackType: playbackType?.rawValue ?? ""
        case .device: device.rawValue
        case .osFamily: osFamily
        case .browserFamily: browserFamily
        case .country: country
        case .userKey, .userId, .flavorParamsId: nil
        }
    }

    func matches(_ filter: BeaconFilter) -> Bool {
        BeaconFilter.allows(filter.entryIds, entryId) && BeaconFilter.allows(filter.eventTypes, eventType)
            && BeaconFilter.allows(filter.playbackTypes, playbackType) && BeaconFilter.allows(filter.devices, device)
            && BeaconFilter.allows(filter.osFamilies, osFamily) && BeaconFilter.allows(filter.browserFamilies, browserFamily)
            && BeaconFilter.allows(filter.countries, country)
    }
}

/// Count and sum of one numeric column's values, those present and those greater than zero.
struct ColumnStats: Sendable, Equatable {
    var presentCount = 0
    var presentSum = 0.0
    var positiveCount = 0
    var positiveSum = 0.0

    mutating func add(_ value: Double?) {
        guard let value else { return }
        presentCount += 1
        presentSum += value
        if value > 0 {
            positiveCount += 1
            positiveSum += value
        }
    }

    mutating func add(_ other: ColumnStats) {
        presentCount += other.presentCount
        presentSum += other.presentSum
        positiveCount += other.positiveCount
        positiveSum += other.positiveSum
    }
}

/// What a cell holds for its beacons: how many, the column statistics and who sent them.
struct CellValues: Sendable {
    var count = 0
    var columns = [ColumnStats](repeating: ColumnStats(), count: BeaconColumn.allCases.count)
    var users = UserSet()

    mutating func add(_ beacon: EnrichedBeacon, user: UInt32) {
        count += 1
        for (index, column) in BeaconColumn.allCases.enumerated() { columns[index].add(column.value(of: beacon)) }
        _ = users.insert(user)
    }
}
