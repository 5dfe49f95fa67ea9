import Beacon
import Reports

extension ExportService {
    /// What the post-event view shows for one entry, from the same reports it calls: the KPIs
    /// (peak and average attendees, unique viewers, watch time live and DVR, engagement, buffering,
    /// bitrate), platforms, attendance per ten seconds and every attendee's live and DVR time.
    func summary(_ parameters: Parameters, session: Session, now: Int64) async throws(APIError) -> String {
        let scope = try EntryExport(parameters, partnerId: session.partnerId, now: now)
        let overview = try scope.call(.usersOverview, interval: .tenSeconds)
        let attendance = Attendance(try await Attendance.series(engine, overview))
        let discovery = try scope.call(.discovery)
        let users = try scope.call(.entryLevelUsersDiscovery, order: parameters.string("order"))
        let platforms = try scope.call(.platforms)
        let totals: [String: String]
        let userTable: ReportTable
        let platformTable: ReportTable
        do {
            let discoveryTotal = try await engine.total(discovery.report, discovery.request)
            let usersTotal = try await engine.total(users.report, users.request)
            totals = Dictionary(
                zip(discoveryTotal.header + usersTotal.header, discoveryTotal.values + usersTotal.values),
                uniquingKeysWith: { first, _ in first }
            )
            userTable = try await engine.wholeTable(users.report, users.request, order: users.order)
            platformTable = try await engine.wholeTable(platforms.report, platforms.request)
        } catch {
            throw .internalError
        }
        func total(_ metric: Metric) -> String { totals[metric.header].flatMap { $0.isEmpty ? nil : $0 } ?? "0" }
        let uniqueViewers = Double(total(.uniqueAudience)) ?? 0
        let viewTime = Double(total(.sumViewTime)) ?? 0

        var body = Self.entryHeader(scope.entryId, overview, now: now)
        body += "\n" + CSV.line(["kpi", "value"])
        let kpis: [(String, String)] = [
            ("peak_attendees", String(attendance.peak?.users ?? 0)),
            ("peak_at", attendance.peak.map { Self.iso($0.start) } ?? ""),
            ("average_attendees", PHPNumber.format(attendance.average)),
            ("unique_viewers", total(.uniqueAudience)),
            ("unique_viewers_dvr", total(.uniqueAudienceDVR)),
            ("engaged_viewers", total(.uniqueEngagedUsers)),
            ("buffering_viewers", total(.uniqueBufferingUsers)),
            ("view_time_live_seconds", total(.sumViewTimeLive)),
            ("view_time_dvr_seconds", total(.sumViewTimeDVR)),
            ("view_time_seconds", total(.sumViewTime)),
            ("avg_view_time_per_viewer_seconds", PHPNumber.format(uniqueViewers > 0 ? viewTime / uniqueViewers : 0)),
            ("engagement", total(.averageEngagement)),
            ("buffer_time_ratio", total(.bufferTimeRatio)),
            ("avg_bitrate_kbps", total(.averageBitrate)),
        ]
        for (name, value) in kpis { body += CSV.line([name, value]) }
        if !platformTable.header.isEmpty {
            body += "\n" + CSV.line(platformTable.header) + platformTable.rows.map(CSV.line).joined()
        }
        body += "\n" + CSV.line(["time", "attendees"])
        for (start, count) in attendance.points { body += CSV.line([Self.iso(start), String(count)]) }
        if !userTable.header.isEmpty {
            body += "\n" + CSV.line(userTable.header) + userTable.rows.map(CSV.line).joined()
        }
        return body
    }
}
