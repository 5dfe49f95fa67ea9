import Beacon
import LiveState
import Reports

extension ExportService {
    /// What the live pane shows for one entry: its KPIs, platforms, attendance per ten seconds (the
    /// store's history, the live ring for the freshest buckets) and the live viewers in the pane's `order`.
    func livePane(_ parameters: Parameters, session: Session, now: Int64) async throws(APIError) -> String {
        let scope = try EntryExport(parameters, partnerId: session.partnerId, now: now)
        let entryId = scope.entryId
        let call = try scope.call(.usersOverview, interval: .tenSeconds)
        let nowMs = now * 1000
        let snapshot =
            live?.snapshot(partnerId: session.partnerId, entryId: entryId, nowMs: nowMs, seriesSeconds: live?.ringSeconds ?? 0)
            ?? .empty(entryId: entryId, nowMs: nowMs)
        // History from the store; the live ring is fresher for the latest buckets (counts only grow in a bucket).
        var series = try await Attendance.series(engine, call)
        for bucket in snapshot.series where bucket.start >= call.request.from && bucket.start < call.request.to && bucket.users > 0 {
            series[bucket.start] = max(series[bucket.start] ?? 0, Int(bucket.users))
        }
        let attendance = Attendance(series)
        let peak = attendance.peak
        let order = parameters.string("order") ?? "+since"
        let sort = ViewerSort(rawValue: String(order.drop { $0 == "+" || $0 == "-" })) ?? .since
        let viewers = sort.sorted(
            live?.attendees(partnerId: session.partnerId, entryId: entryId, nowMs: nowMs, dvr: false) ?? [],
            descending: order.hasPrefix("-")
        )

        var body = Self.entryHeader(entryId, call, now: now)
        body += "\n" + CSV.line(["kpi", "value"])
        body += CSV.line(["attendees_live", String(snapshot.attending.live)])
        body += CSV.line(["attendees_dvr", String(snapshot.attending.dvr)])
        body += CSV.line(["peak_attendees", String(peak?.users ?? 0)])
        body += CSV.line(["peak_at", peak.map { Self.iso($0.start) } ?? ""])
        body += CSV.line(["average_attendees", PHPNumber.format(attendance.average)])
        body += CSV.line(["avg_bitrate_kbps_last_minute", PHPNumber.format(snapshot.lastMinute.bitrate)])
        body += CSV.line(["buffer_ratio_last_minute", PHPNumber.format(snapshot.lastMinute.bufferRatio)])
        body += CSV.line(["engagement", PHPNumber.format(snapshot.engagement)])
        body += "\n" + CSV.line(["platform", "attendees"])
        for (platform, count) in snapshot.platforms.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            body += CSV.line([platform, String(count)])
        }
        body += "\n" + CSV.line(["time", "attendees"])
        for (start, users) in attendance.points { body += CSV.line([Self.iso(start), String(users)]) }
        body += "\n" + CSV.line(["user", "device", "watching_since", "watch_time_seconds", "bitrate_kbps", "buffer_ratio", "engaged"])
        for viewer in viewers {
            body += CSV.line([
                ViewerSort.displayName(viewer), viewer.device.rawValue, Self.iso(viewer.since / 1000), String(viewer.watchSeconds),
                PHPNumber.format(viewer.bitrate), PHPNumber.format(viewer.bufferRatio), viewer.engaged ? "yes" : "no",
            ])
        }
        return body
    }
}
