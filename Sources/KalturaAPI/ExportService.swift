import Beacon
import Foundation
import LiveState
import Reports

/// `report.getUrlForReportAsCsv` and `report.serve`: a report written as CSV, served from a URL.
///
/// `reportType` is any report type (title, text, the total, then the table), or `webcast_live`
/// (an extension): what the live pane shows for one entry — its KPIs, platforms, attendance per
/// ten seconds and the live viewers list in the pane's `order`.
struct ExportService {
    let engine: ReportEngine
    let live: LiveBoard?
    let files = ReportFiles()

    static let livePaneType = "webcast_live"

    func url(_ parameters: Parameters, session: Session, now: Int64, origin: String) async throws(APIError) -> APIResult {
        let title = parameters.string("reportTitle") ?? "report"
        var body = CSV.line([title])
        if let text = parameters.string("reportText") { body += CSV.line([text]) }
        if parameters.string("reportType")?.trimmingSpaces == Self.livePaneType {
            body += try await livePane(parameters, session: session, now: now)
        } else {
            body += try await report(parameters, session: session, now: now)
        }
        let id = files.add(body, partnerId: session.partnerId, now: now)
        return .string("\(origin)/api_v3/index.php/service/report/action/serve/ks/\(session.token)/id/\(id)/report.csv")
    }

    func serve(_ parameters: Parameters, session: Session, now: Int64) throws(APIError) -> String {
        let id = try parameters.requiredString("id")
        guard let file = files.file(id, partnerId: session.partnerId, now: now) else { throw .fileNotFound(id) }
        return file.body
    }

    private func report(_ parameters: Parameters, session: Session, now: Int64) async throws(APIError) -> String {
        let call = try ReportCall(parameters, partnerId: session.partnerId, now: now)
        var body = ""
        do {
            // Reports without a total (users status) simply have no total section.
            if let total = try? await engine.total(call.report, call.request), !total.header.isEmpty {
                body += "\n" + CSV.line(total.header) + CSV.line(total.values)
            }
            let table = try await engine.table(call.report, call.request, page: ReportPage(size: 12_000, index: 1), order: call.order)
            if !table.header.isEmpty {
                body += "\n" + CSV.line(table.header) + table.rows.map(CSV.line).joined()
            }
        } catch {
            throw .internalError
        }
        return body
    }

    private func livePane(_ parameters: Parameters, session: Session, now: Int64) async throws(APIError) -> String {
        guard let filter = parameters.object("reportInputFilter") else { throw .missingParameter("reportInputFilter") }
        guard let entryId = filter.string("entryIdIn")?.split(separator: ",").first.map(String.init) else {
            throw .missingParameter("reportInputFilter:entryIdIn")
        }
        var values = parameters.values
        values["reportType"] = .string("10005")
        var filterValues = filter.values
        filterValues["interval"] = .string("ten_seconds")
        filterValues["entryIdIn"] = .string(entryId)
        values["reportInputFilter"] = .object(filterValues)
        let call = try ReportCall(Parameters(values), partnerId: session.partnerId, now: now)
        let nowMs = now * 1000
        let snapshot =
            live?.snapshot(partnerId: session.partnerId, entryId: entryId, nowMs: nowMs, seriesSeconds: live?.ringSeconds ?? 0)
            ?? .empty(entryId: entryId, nowMs: nowMs)
        // History from the store; the live ring is fresher for the latest buckets (counts only grow in a bucket).
        var series: [Int64: Int] = [:]
        do {
            let graphs = try await engine.graphs(call.report, call.request)
            for point in graphs.first(where: { $0.id == "view_unique_audience" })?.points ?? [] {
                if let start = Int64(point.x), let value = Double(point.y) { series[start] = Int(value) }
            }
        } catch {
            throw .internalError
        }
        for bucket in snapshot.series where bucket.start >= call.request.from && bucket.start < call.request.to {
            series[bucket.start] = max(series[bucket.start] ?? 0, Int(bucket.users))
        }
        let points = series.sorted { $0.key < $1.key }
        let peak = points.max { $0.value < $1.value }
        let average = points.isEmpty ? 0 : Double(points.map(\.value).reduce(0, +)) / Double(points.count)
        let order = parameters.string("order") ?? "+since"
        let sort = ViewerSort(rawValue: String(order.drop { $0 == "+" || $0 == "-" })) ?? .since
        let viewers = sort.sorted(
            live?.attendees(partnerId: session.partnerId, entryId: entryId, nowMs: nowMs, dvr: false) ?? [],
            descending: order.hasPrefix("-")
        )

        var body = CSV.line(["entry", entryId])
        body += CSV.line(["from", Self.iso(call.request.from), "to", Self.iso(call.request.to), "generated", Self.iso(now)])
        body += "\n" + CSV.line(["kpi", "value"])
        body += CSV.line(["attendees_live", String(snapshot.attending.live)])
        body += CSV.line(["attendees_dvr", String(snapshot.attending.dvr)])
        body += CSV.line(["peak_attendees", String(peak?.value ?? 0)])
        body += CSV.line(["peak_at", peak.map { Self.iso($0.key) } ?? ""])
        body += CSV.line(["average_attendees", PHPNumber.format(average)])
        body += CSV.line(["avg_bitrate_kbps_last_minute", PHPNumber.format(snapshot.lastMinute.bitrate)])
        body += CSV.line(["buffer_ratio_last_minute", PHPNumber.format(snapshot.lastMinute.bufferRatio)])
        body += CSV.line(["engagement", PHPNumber.format(snapshot.engagement)])
        body += "\n" + CSV.line(["platform", "attendees"])
        for (platform, count) in snapshot.platforms.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            body += CSV.line([platform, String(count)])
        }
        body += "\n" + CSV.line(["time", "attendees"])
        for (start, users) in points { body += CSV.line([Self.iso(start), String(users)]) }
        body += "\n" + CSV.line(["user", "device", "watching_since", "watch_time_seconds", "bitrate_kbps", "buffer_ratio", "engaged"])
        for viewer in viewers {
            body += CSV.line([
                ViewerSort.displayName(viewer), viewer.device.rawValue, Self.iso(viewer.since / 1000), String(viewer.watchSeconds),
                PHPNumber.format(viewer.bitrate), PHPNumber.format(viewer.bufferRatio), viewer.engaged ? "yes" : "no",
            ])
        }
        return body
    }

    static func iso(_ seconds: Int64) -> String {
        let date = CivilDate(unixSeconds: seconds)
        let time = ((seconds % 86400) + 86400) % 86400
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day, time / 3600, time / 60 % 60, time % 60)
    }
}
