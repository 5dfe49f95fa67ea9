/// The time buckets of a graph or date table: fixed widths aligned to the caller's local time, or
/// calendar months and years.
struct BucketPlan: Sendable {
    enum Layout: Sendable {
        case fixed(width: Int64)
        case calendar([Range<Int64>])
    }

    enum Label: Sendable {
        case unixSeconds
        case yearMonthDay
        case yearMonth
        case year
    }

    var layout: Layout
    var label: Label
    /// Seconds added to UTC to get local time.
    var localOffset: Int64

    init(request: ReportRequest, family: ReportDefinition.Family, dynamic: Bool) {
        localOffset = Int64(request.localOffsetSeconds)
        if dynamic {
            // Kaltura's dynamic granularity: about 1,000 buckets over any range, never under 10 s.
            layout = .fixed(width: max(1, (request.to - request.from) / 10_000) * 10)
            label = .unixSeconds
            return
        }
        switch request.interval {
        case .months:
            layout = .calendar(Self.calendarPeriods(from: request.from, to: request.to, offset: localOffset, months: 1))
            label = .yearMonth
        case .years:
            layout = .calendar(Self.calendarPeriods(from: request.from, to: request.to, offset: localOffset, months: 12))
            label = .year
        default:
            layout = .fixed(width: Int64(request.interval.seconds ?? 86400))
            label = request.interval == .days && family == .historical ? .yearMonthDay : .unixSeconds
        }
    }

    /// The header of a date table's first column.
    var dateHeader: String {
        switch label {
        case .yearMonth: "month_id"
        case .year: "year_id"
        default: "date_id"
        }
    }

    func start(of seconds: Int64, width: Int64) -> Int64 {
        let local = seconds + localOffset
        let floored = local >= 0 ? local / width * width : -((-local + width - 1) / width) * width
        return floored - localOffset
    }

    /// Every bucket start from the one holding `from` to the one holding `to - 1`.
    func fixedStarts(from: Int64, to: Int64, width: Int64) -> [Int64] {
        guard to > from else { return [] }
        return Array(stride(from: start(of: from, width: width), through: start(of: to - 1, width: width), by: Int(width)))
    }

    func text(_ bucketStart: Int64) -> String {
        switch label {
        case .unixSeconds:
            return String(bucketStart)
        case .yearMonthDay:
            let day = CivilDate(unixSeconds: bucketStart + localOffset)
            return padded(day.year, 4) + padded(day.month, 2) + padded(day.day, 2)
        case .yearMonth:
            let day = CivilDate(unixSeconds: bucketStart + localOffset)
            return padded(day.year, 4) + padded(day.month, 2)
        case .year:
            return padded(CivilDate(unixSeconds: bucketStart + localOffset).year, 4)
        }
    }

    /// Calendar periods of `months` months, in local time, that overlap `[from, to)`, clipped to it.
    static func calendarPeriods(from: Int64, to: Int64, offset: Int64, months: Int) -> [Range<Int64>] {
        guard to > from else { return [] }
        let first = CivilDate(unixSeconds: from + offset)
        var year = first.year
        var month = months == 12 ? 1 : first.month
        var periods: [Range<Int64>] = []
        while true {
            let start = CivilDate(year: year, month: month, day: 1).unixSeconds - offset
            month += months
            while month > 12 {
                month -= 12
                year += 1
            }
            let end = CivilDate(year: year, month: month, day: 1).unixSeconds - offset
            if start >= to { break }
            periods.append(max(start, from)..<min(end, to))
        }
        return periods
    }
}

/// A proleptic Gregorian date, converted without Foundation so that bucket labels never depend on
/// the server's time zone.
public struct CivilDate: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86400 : -((-unixSeconds + 86399) / 86400))
        // Days from civil, inverted (H. Hinnant's public-domain algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.day = doy - (153 * mp + 2) / 5 + 1
        self.month = month
        self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var unixSeconds: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86400
    }
}

/// Zero-padded decimal digits for date labels.
func padded(_ value: Int, _ width: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension CivilDate {
    /// A `YYYYMMDD` day, as `fromDay` and `toDay` carry it.
    public init?(yyyymmdd text: String) {
        guard text.count == 8, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
        let year = value / 10000
        let month = value / 100 % 100
        let day = value % 100
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
        // Rejects days past the month's end, such as 20260231.
        guard CivilDate(unixSeconds: unixSeconds) == self else { return nil }
    }
}
