import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Reports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a report against a running server through its Kaltura-compatible API and print it.",
        discussion: """
            Example: webcast-analytics report --type USERS_OVERVIEW_REALTIME --from 20261122 --to 20261122 \\
              --interval ten_seconds --partner 1001 --secret <admin secret>
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case csv
        case json
    }

    @Option(help: "Report type: a name such as PLATFORMS_REALTIME or its number (10004).")
    var type: String

    @Option(parsing: .unconditional, help: "First day (YYYYMMDD, UTC) or unix seconds; values within 10 years of zero are relative to now (-600).")
    var from: String?

    @Option(parsing: .unconditional, help: "Last day (YYYYMMDD, included) or unix seconds (excluded). Default: the same as --from, or today.")
    var to: String?

    @Option(help: "ten_seconds, minutes, ten_minutes, hours, days, months or years.")
    var interval: String?

    @Option(help: "Restrict to these entry ids (comma-separated).")
    var entry: String?

    @Option(parsing: .unconditional, help: "Sort by a column: -header or header (descending), +header (ascending).")
    var order: String?

    @Option(help: "Rows per page (the server caps a page at 12,000).")
    var pageSize = 500

    @Option(help: "table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "The server's address.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Partner id (or $WEBCAST_PARTNER_ID).")
    var partner: Int?

    @Option(help: "The partner's admin secret (or $WEBCAST_ADMIN_SECRET).")
    var secret: String?

    func validate() throws {
        guard ReportDefinition.named(type) != nil else {
            throw ValidationError("--type: unknown report \"\(type)\"; try USERS_OVERVIEW_REALTIME, PLATFORMS_REALTIME or 10008")
        }
        if let interval, ReportInterval(rawValue: interval) == nil {
            throw ValidationError("--interval: \"\(interval)\" is not one of \(ReportInterval.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let partnerId = partner ?? environment["WEBCAST_PARTNER_ID"].flatMap(Int.init) else {
            throw ValidationError("--partner: missing (or set WEBCAST_PARTNER_ID)")
        }
        guard let secret = secret ?? environment["WEBCAST_ADMIN_SECRET"] else {
            throw ValidationError("--secret: missing (or set WEBCAST_ADMIN_SECRET)")
        }
        let report = ReportDefinition.named(type)!
        let client = APIClient(baseURL: url)
        let ks = try await client.startSession(secret: secret, partnerId: partnerId)
        var filter: [String: Any] = ["objectType": "KalturaEndUserReportInputFilter"]
        let today = Self.day(Int64(Date().timeIntervalSince1970))
        let first = from ?? today
        let last = to ?? first
        if first.count == 8, last.count == 8 {
            filter["fromDay"] = first
            filter["toDay"] = last
        } else {
            filter["fromDate"] = first
            filter["toDate"] = last
        }
        if let interval { filter["interval"] = interval }
        if let entry { filter["entryIdIn"] = entry }
        var parameters: [String: Any] = [
            "ks": ks, "reportType": String(report.id), "reportInputFilter": filter,
            "pager": ["objectType": "KalturaFilterPager", "pageSize": String(pageSize), "pageIndex": "1"],
        ]
        if let order { parameters["order"] = order }
        let table = try await client.call(service: "report", action: "getTable", parameters)
        let header = table["header"] as? String ?? ""
        let data = table["data"] as? String ?? ""
        let totalCount = table["totalCount"] as? Int
        print(
            TablePrinter.render(
                title: report.name.replacingOccurrences(of: "_", with: " "),
                header: header,
                data: data,
                totalCount: totalCount,
                format: format
            )
        )
    }

    static func day(_ seconds: Int64) -> String {
        let date = CivilDate(unixSeconds: seconds)
        return String(format: "%04d%02d%02d", date.year, date.month, date.day)
    }
}

/// Calls the Kaltura-compatible API in JSON (format 1).
struct APIClient {
    let baseURL: String

    func startSession(secret: String, partnerId: Int) async throws -> String {
        let result = try await raw(
            service: "session",
            action: "start",
            ["secret": secret, "partnerId": String(partnerId), "type": "2", "userId": "cli", "expiry": "3600"]
        )
        guard let ks = result as? String else { throw ValidationError("session.start: unexpected answer") }
        return ks
    }

    func call(service: String, action: String, _ parameters: [String: Any]) async throws -> [String: Any] {
        guard let object = try await raw(service: service, action: action, parameters) as? [String: Any] else {
            throw ValidationError("\(service).\(action): unexpected answer")
        }
        return object
    }

    private func raw(service: String, action: String, _ parameters: [String: Any]) async throws -> Any {
        var body = parameters
        body["format"] = "1"
        var request = HTTPClientRequest(
            url: "\(baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL)/api_v3/service/\(service)/action/\(action)"
        )
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        } catch {
            throw ValidationError("cannot reach \(baseURL): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let parsed = try JSONSerialization.jsonObject(with: Data(buffer: bytes), options: [.fragmentsAllowed])
        if let object = parsed as? [String: Any], object["objectType"] as? String == "KalturaAPIException" {
            throw ValidationError("\(object["code"] as? String ?? "ERROR"): \(object["message"] as? String ?? "")")
        }
        return parsed
    }
}
