import Reports

/// The entry a pane export is about (`reportInputFilter.entryIdIn`, its first id), and calls of
/// other report types on that entry over the caller's range, so every section covers the same time.
struct EntryExport {
    let entryId: String
    private let parameters: Parameters
    private let filter: Parameters
    private let partnerId: Int
    private let now: Int64

    init(_ parameters: Parameters, partnerId: Int, now: Int64) throws(APIError) {
        guard let filter = parameters.object("reportInputFilter") else { throw .missingParameter("reportInputFilter") }
        guard let entryId = filter.string("entryIdIn")?.split(separator: ",").first.map(String.init) else {
            throw .missingParameter("reportInputFilter:entryIdIn")
        }
        self.entryId = entryId
        self.parameters = parameters
        self.filter = filter
        self.partnerId = partnerId
        self.now = now
    }

    func call(_ report: ReportDefinition, interval: ReportInterval? = nil, order: String? = nil) throws(APIError) -> ReportCall {
        var values = parameters.values
        values["reportType"] = .string(String(report.id))
        values["order"] = order.map { .string($0) }
        var filterValues = filter.values
        filterValues["entryIdIn"] = .string(entryId)
        if let interval { filterValues["interval"] = .string(interval.rawValue) }
        values["reportInputFilter"] = .object(filterValues)
        return try ReportCall(Parameters(values), partnerId: partnerId, now: now)
    }
}

/// Attendees per ten seconds (unique viewers, live and DVR), with the peak and the average the
/// panes show: the average is over the ten-second buckets in which anyone watched.
struct Attendance {
    var points: [(start: Int64, users: Int)]

    init(_ series: [Int64: Int]) {
        points = series.sorted { $0.key < $1.key }.map { (start: $0.key, users: $0.value) }
    }

    /// The earliest bucket with the most attendees.
    var peak: (start: Int64, users: Int)? {
        points.reduce(nil) { best, point in point.users > (best?.users ?? 0) ? point : best }
    }

    var average: Double {
        points.isEmpty ? 0 : Double(points.map(\.users).reduce(0, +)) / Double(points.count)
    }

    /// USERS_OVERVIEW_REALTIME's `view_unique_audience` per ten seconds for `call`'s range.
    static func series(_ engine: ReportEngine, _ call: ReportCall) async throws(APIError) -> [Int64: Int] {
        var series: [Int64: Int] = [:]
        do {
            let graphs = try await engine.graphs(call.report, call.request)
            for point in graphs.first(where: { $0.id == Metric.uniqueAudience.header })?.points ?? [] {
                if let start = Int64(point.x), let value = Double(point.y), value > 0 { series[start] = Int(value) }
            }
        } catch {
            throw .internalError
        }
        return series
    }
}
