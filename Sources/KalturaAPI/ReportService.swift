import Foundation
import Reports

/// `report.getTable`, `getGraphs`, `getTotal` and `getBaseTotal`, rendered as Kaltura renders them.
struct ReportService {
    let engine: ReportEngine

    func handle(action: String, _ parameters: Parameters, session: Session, now: Int64) async throws(APIError) -> APIResult {
        let call = try ReportCall(parameters, partnerId: session.partnerId, now: now)
        do {
            switch action {
            case "gettable":
                let table = try await engine.table(call.report, call.request, page: call.page, order: call.order)
                return Self.render(table, delimiter: call.delimiter)
            case "getgraphs":
                let graphs = try await engine.graphs(call.report, call.request)
                return .array(graphs.map { Self.render($0, delimiter: call.delimiter) })
            case "gettotal":
                let total = try await engine.total(call.report, call.request)
                return .object(
                    type: "KalturaReportTotal",
                    properties: [
                        .init("relatedObjects", nil),
                        .init("header", .string(total.header.joined(separator: call.delimiter))),
                        .init("data", .string(total.values.map { Self.cell($0, call.delimiter) }.joined(separator: call.delimiter))),
                    ]
                )
            case "getbasetotal":
                let total = try await engine.total(call.report, call.request)
                return .array(
                    zip(total.header, total.values).map { header, value in
                        .object(
                            type: "KalturaReportBaseTotal",
                            properties: [.init("relatedObjects", nil), .init("id", .string(header)), .init("data", .string(value))]
                        )
                    }
                )
            default:
                throw APIError.actionDoesNotExist(action, service: "report")
            }
        } catch let error as APIError {
            throw error
        } catch ReportError.tooManyResults {
            throw .searchTooGeneral
        } catch {
            // Kaltura turns every non-API failure, "report has no metrics" included, into this code.
            throw .internalError
        }
    }

    /// An empty table has no header, data or count at all (KalturaReportTable::fromReportTable).
    static func render(_ table: ReportTable, delimiter: String) -> APIResult {
        guard !table.header.isEmpty else {
            return .object(
                type: "KalturaReportTable",
                properties: [.init("relatedObjects", nil), .init("header", nil), .init("data", nil), .init("totalCount", nil)]
            )
        }
        let data = table.rows.map { row in row.map { cell($0, delimiter) }.joined(separator: delimiter) + ";" }.joined()
        return .object(
            type: "KalturaReportTable",
            properties: [
                .init("relatedObjects", nil),
                .init("header", .string(table.header.joined(separator: delimiter))),
                .init("data", .string(data)),
                .init("totalCount", .integer(Int64(table.totalCount))),
            ]
        )
    }

    static func render(_ graph: ReportGraph, delimiter: String) -> APIResult {
        let data = graph.points.map { "\($0.x)\(delimiter)\($0.y);" }.joined()
        return .object(
            type: "KalturaReportGraph",
            properties: [.init("relatedObjects", nil), .init("id", .string(graph.id)), .init("data", .string(data))]
        )
    }

    /// Kaltura replaces the delimiter and the row separator inside a cell with a space.
    static func cell(_ text: String, _ delimiter: String) -> String {
        var cleaned = text.replacingOccurrences(of: ";", with: " ")
        if !delimiter.isEmpty { cleaned = cleaned.replacingOccurrences(of: delimiter, with: " ") }
        return cleaned
    }
}
