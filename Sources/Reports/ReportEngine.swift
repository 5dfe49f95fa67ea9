import Beacon
public import Store

/// Compiles report declarations into backend-neutral store queries and turns the results into
/// Kaltura's tables, graphs and totals. One engine serves every store.
public struct ReportEngine: Sendable {
    /// An entry counts as live now when it had a live or DVR VIEW within this many seconds.
    public static let liveNowWindow: Int64 = 60

    let store: any BeaconStore
    let now: @Sendable () -> Int64

    /// - Parameter now: the clock in unix seconds, injectable for tests.
    public init(store: any BeaconStore, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.now = now
    }

    // MARK: getGraphs

    public func graphs(_ report: ReportDefinition, _ request: ReportRequest) async throws -> [ReportGraph] {
        guard report.supportsGraphs else { throw ReportError.noMetrics(report: report.name, action: "getGraphs") }
        let series = try await buckets(report, request, metrics: report.graphMetrics)
        return report.graphMetrics.indices.map { index in
            ReportGraph(
                id: report.graphMetrics[index].header,
                points: series.map { ReportGraph.Point(x: $0.label, y: PHPNumber.format($0.values[index])) }
            )
        }
    }

    // MARK: getTotal

    public func total(_ report: ReportDefinition, _ request: ReportRequest) async throws -> ReportTotal {
        let plan = MetricPlan(report.effectiveTotalMetrics)
        guard !plan.metrics.isEmpty else { throw ReportError.noMetrics(report: report.name, action: "getTotal") }
        var filter = baseFilter(report, request, plan: plan)
        filter.entryIds = try await entryRestriction(report, request, filter: filter)
        let rows = try await store.aggregate(AggregationQuery(filter: filter, aggregations: plan.aggregations))
        let header = plan.metrics.map(\.header)
        guard let row = rows.first else { return ReportTotal(header: header, values: header.map { _ in "" }) }
        let units = Double(max(1, request.to - request.from)) / 10
        return ReportTotal(header: header, values: plan.values(row.values, bucketUnits: units).map(PHPNumber.format))
    }

    // MARK: getTable

    public func table(_ report: ReportDefinition, _ request: ReportRequest, page: ReportPage = ReportPage(), order: String? = nil)
        async throws -> ReportTable
    {
        let page = try Self.effectivePage(page)
        let start = (page.index - 1) * page.size
        let (rows, sorted) = try await sortedRows(report, request, order: order, limit: start + page.size)
        guard rows.count > 0 else { return ReportTable(header: [], rows: [], totalCount: 0) }
        return rows.printed(start < sorted.count ? sorted[start...] : [], totalCount: rows.count)
    }

    /// Every row, sorted, without Kaltura's 12,000-row pager cap: a CSV export must list everyone
    /// who attended a town hall, however large.
    public func wholeTable(_ report: ReportDefinition, _ request: ReportRequest, order: String? = nil) async throws -> ReportTable {
        let (rows, sorted) = try await sortedRows(report, request, order: order)
        guard rows.count > 0 else { return ReportTable(header: [], rows: [], totalCount: 0) }
        return rows.printed(sorted, totalCount: rows.count)
    }

    /// The table and its first `limit` rows in order.
    private func sortedRows(_ report: ReportDefinition, _ request: ReportRequest, order: String?, limit: Int = .max)
        async throws -> (TableRows, [Int])
    {
        let rows = report.isDateTable ? try await dateTable(report, request) : try await dimensionTable(report, request)
        return (rows, rows.order(order, fallback: report.defaultOrder, limit: limit))
    }

    private func dateTable(_ report: ReportDefinition, _ request: ReportRequest) async throws -> TableRows {
        guard report.supportsGraphs else { throw ReportError.noMetrics(report: report.name, action: "getTable") }
        let plan = BucketPlan(request: request, family: report.family, dynamic: report.dynamicBuckets)
        let series = try await buckets(report, request, metrics: report.graphMetrics)
        return TableRows(
            header: [plan.dateHeader] + report.graphMetrics.map(\.header),
            count: series.count,
            labelWidth: 1,
            label: { row, _ in series[row].label },
            number: { row, column in series[row].values[column] },
            numericLabels: true
        )
    }

    private func dimensionTable(_ report: ReportDefinition, _ request: ReportRequest) async throws -> TableRows {
        // A report without metrics (users status) still needs its groups: those with a VIEW.
        let metrics = report.tableMetrics.isEmpty && report.peakColumn == nil ? [Metric.viewCount] : report.tableMetrics
        let plan = MetricPlan(metrics)
        var filter = baseFilter(report, request, plan: plan)
        if report.liveNow == .only { filter.entryIds = try await entryRestriction(report, request, filter: filter) }
        let dimensions = report.groupDimensions
        var rows = try await store.aggregateColumns(AggregationQuery(filter: filter, dimensions: dimensions, aggregations: plan.aggregations))
        if report.liveNow == .excluded, let entryIndex = dimensions.firstIndex(of: .entryId) {
            let live = try await liveEntries(request)
            let entries = rows.dimensions[entryIndex]
            rows = rows.filter { !live.contains(entries[$0]) }
        }
        let peaks = try await peakValues(report, request, filter: filter, dimensions: dimensions)
        let units = Double(max(1, request.to - request.from)) / 10
        var header = report.columns.map(\.header)
        if let peak = report.peakColumn { header.append(peak.header) }
        header += report.tableMetrics.map(\.header)
        let sources = report.columns.map(\.source)
        let positions = sources.map { source in source.dimension.flatMap { dimensions.firstIndex(of: $0) } }
        let peaked = report.peakColumn != nil
        let grouped = rows
        return TableRows(
            header: header,
            count: rows.count,
            labelWidth: sources.count,
            label: { row, column in sources[column].render(positions[column].map { grouped.dimensions[$0][row] }) },
            number: { row, column in
                if peaked, column == 0 { return peaks[grouped.dimensions.map { $0[row] }] ?? 0 }
                return plan.value(peaked ? column - 1 : column, bucketUnits: units) { grouped.values[$0][row] }
            }
        )
    }

    /// The highest per-bucket value of the report's peak metric, per group, over dynamic buckets.
    private func peakValues(_ report: ReportDefinition, _ request: ReportRequest, filter: BeaconFilter, dimensions: [Dimension])
        async throws -> [[String]: Double]
    {
        guard let peak = report.peakColumn else { return [:] }
        let plan = MetricPlan([peak])
        let buckets = BucketPlan(request: request, family: report.family, dynamic: true)
        guard case .fixed(let width) = buckets.layout else { return [:] }
        let rows = try await store.aggregate(
            AggregationQuery(
                filter: filter,
                bucketSeconds: Int(width),
                bucketOffsetSeconds: Int(buckets.localOffset),
                dimensions: dimensions,
                aggregations: plan.aggregations
            )
        )
        var peaks: [[String]: Double] = [:]
        for row in rows {
            let value = plan.values(row.values, bucketUnits: Double(width) / 10)[0]
            peaks[row.dimensions] = max(peaks[row.dimensions] ?? 0, value)
        }
        return peaks
    }

    // MARK: Shared

    struct BucketValues {
        var start: Int64
        var label: String
        var values: [Double]
    }

    /// Metric values per time bucket, in time order; empty buckets only when the request asks.
    func buckets(_ report: ReportDefinition, _ request: ReportRequest, metrics: [Metric]) async throws -> [BucketValues] {
        let plan = MetricPlan(metrics)
        let filter = baseFilter(report, request, plan: plan)
        let buckets = BucketPlan(request: request, family: report.family, dynamic: report.dynamicBuckets)
        switch buckets.layout {
        case .fixed(let width):
            let rows = try await store.aggregate(
                AggregationQuery(
                    filter: filter,
                    bucketSeconds: Int(width),
                    bucketOffsetSeconds: Int(buckets.localOffset),
                    aggregations: plan.aggregations
                )
            )
            let byStart = Dictionary(rows.compactMap { row in row.bucketStart.map { ($0, row.values) } }, uniquingKeysWith: { a, _ in a })
            let starts = request.includeEmptyBuckets ? buckets.fixedStarts(from: request.from, to: request.to, width: width) : byStart.keys.sorted()
            let units = Double(width) / 10
            return starts.map { BucketValues(start: $0, label: buckets.text($0), values: plan.values(byStart[$0], bucketUnits: units)) }
        case .calendar(let periods):
            var result: [BucketValues] = []
            for period in periods {
                var periodFilter = filter
                periodFilter.timeRange = period.lowerBound * 1000..<period.upperBound * 1000
                let row = try await store.aggregate(AggregationQuery(filter: periodFilter, aggregations: plan.aggregations)).first
                guard row != nil || request.includeEmptyBuckets else { continue }
                let units = Double(period.count) / 10
                result.append(
                    BucketValues(
                        start: period.lowerBound,
                        label: buckets.text(period.lowerBound),
                        values: plan.values(row?.values, bucketUnits: units)
                    )
                )
            }
            return result
        }
    }

    func baseFilter(_ report: ReportDefinition, _ request: ReportRequest, plan: MetricPlan) -> BeaconFilter {
        let defaults = report.defaultPlaybackTypes
        var filter = request.filter
        filter.playbackTypes =
            switch report.family {
            // Realtime data is live data: a caller's playback types only narrow it.
            case .realtime: filter.playbackTypes.map { $0.intersection(defaults) } ?? defaults
            case .historical: filter.playbackTypes ?? defaults
            }
        filter.timeRange = request.from * 1000..<max(request.from, request.to) * 1000
        filter.eventTypes = plan.eventTypes
        return filter
    }

    /// Entries a live-now or ended-broadcast report may read, or the request's own restriction.
    private func entryRestriction(_ report: ReportDefinition, _ request: ReportRequest, filter: BeaconFilter) async throws -> Set<String>? {
        guard let rule = report.liveNow else { return filter.entryIds }
        let live = try await liveEntries(request)
        switch rule {
        case .only:
            return filter.entryIds.map { $0.intersection(live) } ?? live
        case .excluded:
            var entryFilter = filter
            entryFilter.eventTypes = [.view]
            let seen = try await store.aggregate(AggregationQuery(filter: entryFilter, dimensions: [.entryId], aggregations: [.count()]))
            return Set(seen.map { $0.dimensions[0] }).subtracting(live)
        }
    }

    /// The partner's entries with a live or DVR VIEW in the last minute of wall-clock time.
    func liveEntries(_ request: ReportRequest) async throws -> Set<String> {
        let current = now()
        let filter = BeaconFilter(
            partnerId: request.filter.partnerId,
            timeRange: (current - Self.liveNowWindow) * 1000..<(current + 1) * 1000,
            entryIds: request.filter.entryIds,
            eventTypes: [.view],
            playbackTypes: [.live, .dvr]
        )
        let rows = try await store.aggregate(AggregationQuery(filter: filter, dimensions: [.entryId], aggregations: [.count()]))
        return Set(rows.map { $0.dimensions[0] })
    }

    /// Kaltura's pager rules: size 10 when unset, page 1 when unset, and the 12,000-row cap.
    static func effectivePage(_ page: ReportPage) throws -> ReportPage {
        var page = page
        if page.size <= 0 { page.size = 10 }
        if page.index <= 0 { page.index = 1 }
        if page.index * page.size > ReportPage.maxResultSize {
            guard page.index == 1 else { throw ReportError.tooManyResults }
            page.size = ReportPage.maxResultSize
        }
        return page
    }
}
