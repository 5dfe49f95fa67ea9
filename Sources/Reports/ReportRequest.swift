public import Store

/// Kaltura's `KalturaReportInterval`.
public enum ReportInterval: String, Sendable, CaseIterable {
    case tenSeconds = "ten_seconds"
    case minutes
    case tenMinutes = "ten_minutes"
    case hours
    case days
    case months
    case years

    /// Fixed bucket width; months and years follow the calendar instead.
    public var seconds: Int? {
        switch self {
        case .tenSeconds: 10
        case .minutes: 60
        case .tenMinutes: 600
        case .hours: 3600
        case .days: 86400
        case .months, .years: nil
        }
    }
}

/// One report call after the wire layer has resolved dates, the session's partner and the options.
public struct ReportRequest: Sendable, Equatable {
    /// The beacons the caller may read: always the session's partner, narrowed by the request's
    /// entry, playback, device, OS, browser, country and user lists. The engine sets the time range
    /// and event types, and applies the report's default playback types.
    public var filter: BeaconFilter
    /// Unix seconds, start included, end excluded.
    public var from: Int64
    public var to: Int64
    public var interval: ReportInterval
    /// Minutes, with JavaScript's sign: −120 is UTC+2.
    public var timeZoneOffset: Int
    /// Also list the buckets without data, as zeros.
    public var includeEmptyBuckets: Bool

    public init(
        filter: BeaconFilter,
        from: Int64,
        to: Int64,
        interval: ReportInterval = .days,
        timeZoneOffset: Int = 0,
        includeEmptyBuckets: Bool = false
    ) {
        self.filter = filter
        self.from = from
        self.to = to
        self.interval = interval
        self.timeZoneOffset = timeZoneOffset
        self.includeEmptyBuckets = includeEmptyBuckets
    }

    /// Seconds to add to UTC to get the caller's local time.
    var localOffsetSeconds: Int { -timeZoneOffset * 60 }
}

/// A table page: which rows `getTable` returns.
public struct ReportPage: Sendable, Equatable {
    public static let maxResultSize = 12_000
    public var size: Int
    public var index: Int

    public init(size: Int = 10, index: Int = 1) {
        self.size = size
        self.index = index
    }
}

/// The results the wire layer renders. Cells are already text, numbers printed as PHP prints them.
public struct ReportTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    public var totalCount: Int

    public init(header: [String], rows: [[String]], totalCount: Int) {
        self.header = header
        self.rows = rows
        self.totalCount = totalCount
    }
}

public struct ReportTotal: Sendable, Equatable {
    public var header: [String]
    public var values: [String]

    public init(header: [String], values: [String]) {
        self.header = header
        self.values = values
    }
}

public struct ReportGraph: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var x: String
        public var y: String

        public init(x: String, y: String) {
            self.x = x
            self.y = y
        }
    }

    public var id: String
    public var points: [Point]

    public init(id: String, points: [Point]) {
        self.id = id
        self.points = points
    }
}

/// Why a report call cannot be answered. The wire layer maps each case to a Kaltura error code.
public enum ReportError: Error, Equatable {
    /// The report has no metrics for this action (Kaltura: "unsupported query - report has no metrics").
    case noMetrics(report: String, action: String)
    /// `pageIndex × pageSize` passes the 12,000-row cap on a page after the first.
    case tooManyResults
}
