import Beacon
import Reports
import Store

/// The parameters of a `report.*` call, decoded and checked: the report, the resolved request
/// (always scoped to the session's partner) and the output options.
struct ReportCall {
    var report: ReportDefinition
    var request: ReportRequest
    var delimiter: String
    var page: ReportPage
    var order: String?

    /// Values of `fromDate`/`toDate` this close to zero are relative to now (Kaltura's max_relative_time).
    static let maxRelativeTime: Int64 = 315_360_000

    init(_ parameters: Parameters, partnerId: Int, now: Int64) throws(APIError) {
        let typeText = try parameters.requiredString("reportType")
        guard let report = ReportDefinition.named(typeText.trimmingSpaces) else {
            throw .invalidEnumValue(typeText, parameter: "reportType", type: "KalturaReportType")
        }
        self.report = report
        guard let filter = parameters.object("reportInputFilter") else { throw .missingParameter("reportInputFilter") }

        let options = parameters.object("responseOptions")
        delimiter = options?.values["delimiter"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? ","
        let skipEmptyDates = options?.bool("skipEmptyDates") ?? true

        let interval: ReportInterval
        if let text = filter.string("interval") {
            guard let parsed = ReportInterval(rawValue: text) else {
                throw .invalidEnumValue(text, parameter: "interval", type: "KalturaReportInterval")
            }
            interval = parsed
        } else {
            interval = .days
        }
        let timeZoneOffset = Int(clamping: try filter.integer("timeZoneOffset") ?? 0)
        guard abs(timeZoneOffset) <= 24 * 60 else { throw .invalidValue("timeZoneOffset", expected: "minutes between -1440 and 1440") }
        var (from, to) = try Self.range(filter, timeZoneOffset: timeZoneOffset, now: now)
        if interval == .tenSeconds {
            from = Self.roundUp(from, to: 10)
            to = Self.roundUp(to, to: 10)
        }

        let delimiter = self.delimiter
        func list(_ name: String) -> Set<String>? {
            guard let text = filter.string(name) else { return nil }
            return Set(
                text.split(separator: Character(delimiter.count == 1 ? delimiter : ",")).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            )
        }
        // objectIds narrow the entries on realtime reports, which have no other object dimension.
        var entries = list("entryIdIn")
        if let objectIds = parameters.string("objectIds") {
            let ids = Set(objectIds.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty })
            entries = entries.map { $0.intersection(ids) } ?? ids
        }
        let isEndUserFilter = filter.objectType == "KalturaEndUserReportInputFilter"
        request = ReportRequest(
            filter: BeaconFilter(
                partnerId: partnerId,
                entryIds: entries,
                playbackTypes: list("playbackTypeIn").map { Set($0.compactMap { PlaybackType(rawValue: $0.lowercased()) }) },
                devices: list("deviceIn").map { names in
                    Set(DeviceClass.allCases.filter { device in names.contains { $0.caseInsensitiveEquals(device.rawValue) } })
                },
                osFamilies: list("operatingSystemFamilyIn"),
                browserFamilies: list("browserFamilyIn"),
                countries: list("countryIn"),
                userIds: isEndUserFilter ? list("userIds") : nil
            ),
            from: from,
            to: to,
            interval: interval,
            timeZoneOffset: timeZoneOffset,
            includeEmptyBuckets: !skipEmptyDates
        )
        let pager = parameters.object("pager")
        page = ReportPage(size: Int(clamping: try pager?.integer("pageSize") ?? 0), index: Int(clamping: try pager?.integer("pageIndex") ?? 1))
        order = parameters.string("order")
    }

    /// `fromDay`/`toDay` (whole local days) win over `fromDate`/`toDate` (unix seconds or relative).
    static func range(_ filter: Parameters, timeZoneOffset: Int, now: Int64) throws(APIError) -> (Int64, Int64) {
        if let fromText = filter.string("fromDay"), let toText = filter.string("toDay") {
            guard let fromDay = CivilDate(yyyymmdd: fromText) else { throw .invalidValue("fromDay", expected: "YYYYMMDD") }
            guard let toDay = CivilDate(yyyymmdd: toText) else { throw .invalidValue("toDay", expected: "YYYYMMDD") }
            let shift = Int64(timeZoneOffset) * 60
            return (fromDay.unixSeconds + shift, toDay.unixSeconds + 86400 + shift)
        }
        func absolute(_ value: Int64?) -> Int64 {
            let value = value ?? 0
            return abs(value) <= maxRelativeTime ? now + value : value
        }
        return (absolute(try filter.integer("fromDate")), absolute(try filter.integer("toDate")))
    }

    static func roundUp(_ value: Int64, to step: Int64) -> Int64 {
        let remainder = ((value % step) + step) % step
        return remainder == 0 ? value : value + (step - remainder)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
