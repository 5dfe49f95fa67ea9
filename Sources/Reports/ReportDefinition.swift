public import Beacon
public import Store

/// Where a dimension column's text comes from.
public enum ColumnSource: Sendable, Equatable {
    /// The grouped value itself.
    case value(Dimension)
    /// The grouped value, or `fallback` when the beacons did not carry it.
    case valueOr(Dimension, fallback: String)
    /// A value this server does not know (an entry's creator, a city's coordinates).
    case constant(String)

    var dimension: Dimension? {
        switch self {
        case .value(let dimension), .valueOr(let dimension, _): dimension
        case .constant: nil
        }
    }

    /// The column's text, given its dimension's value (nil when the rows do not group by it).
    func render(_ value: String?) -> String {
        switch self {
        case .value: value ?? ""
        case .valueOr(_, let fallback): value.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        case .constant(let text): text
        }
    }
}

/// A dimension column: its header and its source.
public struct ReportColumn: Sendable, Equatable {
    public var header: String
    public var source: ColumnSource

    public init(_ header: String, _ source: ColumnSource) {
        self.header = header
        self.source = source
    }
}

/// A report type declared as data, the way Kaltura's `kKavaRealtimeReports` declares them.
///
/// The engine reads only this declaration: adding a report is adding a value, not code.
public struct ReportDefinition: Sendable {
    public enum Family: Sendable {
        /// Reads `live` and `dvr` playback unless the request narrows it; ten-second buckets.
        case realtime
        /// Reads `vod` playback unless the request names playback types; daily buckets as YYYYMMDD.
        case historical
    }

    /// Which entries a report reads, relative to the entries live right now.
    public enum LiveNow: Sendable {
        case only
        case excluded
    }

    public var id: Int
    public var name: String
    public var family: Family
    public var columns: [ReportColumn]
    /// Metrics of `getGraphs`, and of `getTable` when the report has no dimension columns.
    public var graphMetrics: [Metric]
    /// Metric columns of `getTable`, after the dimension columns.
    public var tableMetrics: [Metric]
    /// Metrics of `getTotal`; `nil` means the graph metrics.
    public var totalMetrics: [Metric]?
    /// Header of the default `getTable` order (descending); `nil` keeps dimension order.
    public var defaultOrder: String?
    /// Graph buckets sized from the range (about 1,000 per range) instead of the interval.
    public var dynamicBuckets: Bool
    public var liveNow: LiveNow?
    /// A metric column computed as the peak of a per-bucket metric over dynamic buckets.
    public var peakColumn: Metric?

    public init(
        id: Int,
        name: String,
        family: Family = .realtime,
        columns: [ReportColumn] = [],
        graphMetrics: [Metric] = [],
        tableMetrics: [Metric] = [],
        totalMetrics: [Metric]? = nil,
        defaultOrder: String? = nil,
        dynamicBuckets: Bool = false,
        liveNow: LiveNow? = nil,
        peakColumn: Metric? = nil
    ) {
        self.id = id
        self.name = name
        self.family = family
        self.columns = columns
        self.graphMetrics = graphMetrics
        self.tableMetrics = tableMetrics
        self.totalMetrics = totalMetrics
        self.defaultOrder = defaultOrder
        self.dynamicBuckets = dynamicBuckets
        self.liveNow = liveNow
        self.peakColumn = peakColumn
    }

    /// Playback types read when the request names none.
    public var defaultPlaybackTypes: Set<PlaybackType> {
        switch family {
        case .realtime: [.live, .dvr]
        case .historical: [.vod]
        }
    }

    /// Dimensions the table groups by, in column order, without repeats.
    var groupDimensions: [Dimension] {
        var seen: [Dimension] = []
        for column in columns {
            if let dimension = column.source.dimension, !seen.contains(dimension) { seen.append(dimension) }
        }
        return seen
    }

    /// `getTable` of a report without dimensions lists the graph metrics per date.
    public var isDateTable: Bool { columns.isEmpty }

    public var supportsGraphs: Bool { !graphMetrics.isEmpty }

    public var effectiveTotalMetrics: [Metric] { totalMetrics ?? graphMetrics }
}
