import Beacon
import Foundation
import LiveState
import Reports

/// `report.getUrlForReportAsCsv` and `report.serve`: a report written as CSV, served from a URL.
///
/// `reportType` is any report type (title, text, the total, then every row of the table), or one of
/// two extensions for one entry: `webcast_live`, what the live pane shows, and `webcast_summary`,
/// what the post-event view shows.
struct ExportService {
    let engine: ReportEngine
    let live: LiveBoard?
    let files = ReportFiles()

    static let livePaneType = "webcast_live"
    static let summaryType = "webcast_summary"

    func url(_ parameters: Parameters, session: Session, now: Int64, origin: String) async throws(APIError) -> APIResult {
        let title = parameters.string("reportTitle") ?? "report"
        var body = CSV.line([title])
        if let text = parameters.string("reportText") { body += CSV.line([text]) }
        switch parameters.string("reportType")?.trimmingSpaces {
        case Self.livePaneType: body += try await livePane(parameters, session: session, now: now)
        case Self.summaryType: body += try await summary(parameters, session: session, now: now)
        default: body += try await report(parameters, session: session, now: now)
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
            let table = try await engine.wholeTable(call.report, call.request, order: call.order)
            if !table.header.isEmpty {
                body += "\n" + CSV.line(table.header) + table.rows.map(CSV.line).joined()
            }
        } catch {
            throw .internalError
        }
        return body
    }

    /// The first lines of an entry's export: which entry, and the range it covers.
    static func entryHeader(_ entryId: String, _ call: ReportCall, now: Int64) -> String {
        CSV.line(["entry", entryId]) + CSV.line(["from", iso(call.request.from), "to", iso(call.request.to), "generated", iso(now)])
    }

    static func iso(_ seconds: Int64) -> String {
        let date = CivilDate(unixSeconds: seconds)
        let time = ((seconds % 86400) + 86400) % 86400
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day, time / 3600, time / 60 % 60, time % 60)
    }
}
