public import Beacon

/// A numeric column that aggregations can sum or test.
public enum BeaconColumn: String, Sendable, CaseIterable {
    case position
    case playTimeSum
    case bufferTime
    case bufferTimeSum
    case actualBitrate
    case bandwidth
    case droppedFramesRatio
    case segmentDownloadTime
    case manifestDownloadTime

    public func value(of beacon: EnrichedBeacon) -> Double? {
        switch self {
        case .position: beacon.position
        case .playTimeSum: beacon.playTimeSum
        case .bufferTime: beacon.bufferTime
        case .bufferTimeSum: beacon.bufferTimeSum
        case .actualBitrate: beacon.actualBitrate
        case .bandwidth: beacon.bandwidth
        case .droppedFramesRatio: beacon.droppedFramesRatio
        case .segmentDownloadTime: beacon.segmentDownloadTime
        case .manifestDownloadTime: beacon.manifestDownloadTime
        }
    }
}

/// A dimension rows can be grouped by. Its value is always rendered as text ("" when absent).
public enum Dimension: String, Sendable, CaseIterable {
    case entryId
    case eventType
    case playbackType
    case device
    case osFamily
    case browserFamily
    case country
    case userKey
    case userId
    case flavorParamsId

    public func value(of beacon: EnrichedBeacon) -> String {
        switch self {
        case .entryId: beacon.entryId
        case .eventType: String(beacon.eventType.rawValue)
        case .playbackType: beacon.playbackType?.rawValue ?? ""
        case .device: beacon.device.rawValue
        case .osFamily: beacon.osFamily
        case .browserFamily: beacon.browserFamily
        case .country: beacon.country ?? ""
        case .userKey: beacon.userKey
        case .userId: beacon.userId ?? ""
        case .flavorParamsId: beacon.flavorParamsId.map(String.init) ?? ""
        }
    }
}

/// A condition on one beacon, for conditional aggregations such as "VIEWs that were buffering".
public indirect enum Predicate: Sendable, Equatable {
    case eventType(EventType)
    case playbackType(PlaybackType)
    case engaged
    /// The viewer is signed in: the beacon carries a user id.
    case knownUser
    /// The column is present and greater than the value.
    case greaterThan(BeaconColumn, Double)
    /// The column is present.
    case present(BeaconColumn)
    case all([Predicate])

    public func matches(_ beacon: EnrichedBeacon) -> Bool {
        switch self {
        case .eventType(let type): beacon.eventType == type
        case .playbackType(let type): beacon.playbackType == type
        case .engaged: beacon.engaged
        case .knownUser: !(beacon.userId ?? "").isEmpty
        case .greaterThan(let column, let bound): column.value(of: beacon).map { $0 > bound } ?? false
        case .present(let column): column.value(of: beacon) != nil
        case .all(let predicates): predicates.allSatisfy { $0.matches(beacon) }
        }
    }
}

/// One number computed over the matching beacons of a group.
public struct Aggregation: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case count
        case sum(BeaconColumn)
        /// Distinct ``EnrichedBeacon/userKey`` values.
        case uniqueUsers
    }

    public var kind: Kind
    public var predicate: Predicate?

    public init(_ kind: Kind, where predicate: Predicate? = nil) {
        self.kind = kind
        self.predicate = predicate
    }

    public static func count(where predicate: Predicate? = nil) -> Aggregation { Aggregation(.count, where: predicate) }
    public static func sum(_ column: BeaconColumn, where predicate: Predicate? = nil) -> Aggregation { Aggregation(.sum(column), where: predicate) }
    public static func uniqueUsers(where predicate: Predicate? = nil) -> Aggregation { Aggregation(.uniqueUsers, where: predicate) }
}

/// Aggregations over filtered beacons, optionally per time bucket and per dimension values.
public struct AggregationQuery: Sendable, Equatable {
    public var filter: BeaconFilter
    /// Bucket width; `nil` aggregates the whole range into one bucket.
    public var bucketSeconds: Int?
    /// Shifts bucket boundaries, e.g. so that daily buckets start at local midnight.
    public var bucketOffsetSeconds: Int
    public var dimensions: [Dimension]
    public var aggregations: [Aggregation]

    public init(
        filter: BeaconFilter,
        bucketSeconds: Int? = nil,
        bucketOffsetSeconds: Int = 0,
        dimensions: [Dimension] = [],
        aggregations: [Aggregation]
    ) {
        self.filter = filter
        self.bucketSeconds = bucketSeconds
        self.bucketOffsetSeconds = bucketOffsetSeconds
        self.dimensions = dimensions
        self.aggregations = aggregations
    }

    /// The start of the bucket holding `timeMs`, in seconds since 1970.
    public func bucketStart(ofMilliseconds timeMs: Int64) -> Int64? {
        guard let width = bucketSeconds.map(Int64.init) else { return nil }
        let seconds = Int64((Double(timeMs) / 1000).rounded(.down)) + Int64(bucketOffsetSeconds)
        let start = seconds >= 0 ? seconds / width * width : -((-seconds + width - 1) / width) * width
        return start - Int64(bucketOffsetSeconds)
    }
}

/// One group of an ``AggregationQuery``: its bucket, its dimension values (in the query's order)
/// and one value per aggregation (in the query's order).
public struct AggregationRow: Sendable, Equatable {
    public var bucketStart: Int64?
    public var dimensions: [String]
    public var values: [Double]

    public init(bucketStart: Int64?, dimensions: [String], values: [Double]) {
        self.bucketStart = bucketStart
        self.dimensions = dimensions
        self.values = values
    }
}

extension AggregationRow {
    /// The order stores return rows in: by bucket, then by dimension values.
    public static func canonicalOrder(_ lhs: AggregationRow, _ rhs: AggregationRow) -> Bool {
        if lhs.bucketStart != rhs.bucketStart { return (lhs.bucketStart ?? .min) < (rhs.bucketStart ?? .min) }
        return lhs.dimensions.lexicographicallyPrecedes(rhs.dimensions)
    }
}
