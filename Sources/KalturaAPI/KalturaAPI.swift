import Foundation
public import LiveState
import Reports
public import Store

/// Kaltura's api_v3 for the services this server implements: `session`, `report` and `system`,
/// single calls and multirequests, answered in XML (format 2, the default) or JSON (format 1).
///
/// ```swift
/// let api = KalturaAPI(store: store, partners: store)
/// let response = await api.respond(to: ["service": .string("system"), "action": .string("ping")])
/// ```
public struct KalturaAPI: Sendable {
    public struct Response: Sendable {
        public var body: String
        public var contentType: String
    }

    public let sessions: SessionAuthority
    let sessionService: SessionService
    let reportService: ReportService
    let exportService: ExportService
    let now: @Sendable () -> Int64

    public init(
        store: any BeaconStore,
        partners: any PartnerStore,
        live: LiveBoard? = nil,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.now = now
        sessions = SessionAuthority(partners: partners, now: now)
        sessionService = SessionService(authority: sessions, partners: partners)
        let engine = ReportEngine(store: store, now: now)
        reportService = ReportService(engine: engine)
        exportService = ExportService(engine: engine, live: live)
    }

    /// Answers one HTTP request whose parameters (path pairs, query and body) are already merged.
    /// `origin` (`http://host:port`) begins the URLs the API hands out.
    public func respond(to parameters: [String: APIValue], origin: String = "") async -> Response {
        let started = ContinuousClock.now
        var top = Parameters(parameters)
        top.origin = origin
        let format = ResponseFormat(parameter: top.string("format"))
        if top.string("service")?.lowercased() == "report", top.string("action")?.lowercased() == "serve" {
            return await serveFile(top, format: format)
        }
        let result: APIResult
        if top.string("service")?.lowercased() == "multirequest" {
            result = await multirequest(top)
        } else {
            result = await call(top)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Self.render(result, format: format, executionTime: seconds)
    }

    /// A request that failed before its parameters could be read (a body too large or not JSON).
    public func respond(failure: APIError, format: String?) -> Response {
        Self.render(.error(failure), format: ResponseFormat(parameter: format), executionTime: 0)
    }

    static func render(_ result: APIResult, format: ResponseFormat, executionTime: Double) -> Response {
        switch format {
        case .xml: Response(body: XMLWriter.document(result, executionTime: executionTime), contentType: format.contentType)
        case .json: Response(body: JSONWriter.document(result), contentType: format.contentType)
        }
    }

    /// One call; its failure is a result too, so that a multirequest keeps going.
    func call(_ parameters: Parameters) async -> APIResult {
        do {
            return try await dispatch(parameters)
        } catch {
            return .error(error)
        }
    }

    private func dispatch(_ parameters: Parameters) async throws(APIError) -> APIResult {
        guard let service = parameters.string("service")?.lowercased() else { throw .serviceNotSpecified }
        guard let action = parameters.string("action")?.lowercased() else { throw .actionNotSpecified }
        switch service {
        case "system":
            guard action == "ping" else { throw .actionDoesNotExist(action, service: service) }
            return .bool(true)
        case "session":
            switch action {
            case "start": return try await sessionService.start(parameters)
            case "get": return try await sessionService.get(parameters, session: try await session(parameters))
            case "end": return try await sessionService.end(session: try await session(parameters))
            default: throw .actionDoesNotExist(action, service: service)
            }
        case "report":
            guard ["gettable", "getgraphs", "gettotal", "getbasetotal", "geturlforreportascsv"].contains(action) else {
                throw .actionDoesNotExist(action, service: service)
            }
            let session = try await session(parameters)
            // Reports expose every viewer of the partner: admin sessions only.
            guard session.type == .admin else { throw .serviceForbidden(service) }
            if action == "geturlforreportascsv" {
                return try await exportService.url(parameters, session: session, now: now(), origin: parameters.origin)
            }
            return try await reportService.handle(action: action, parameters, session: session, now: now())
        default:
            throw .serviceDoesNotExist(service)
        }
    }

    /// `report.serve`: the CSV file itself, for an admin session of the partner that made it.
    private func serveFile(_ parameters: Parameters, format: ResponseFormat) async -> Response {
        do throws(APIError) {
            let session = try await session(parameters)
            guard session.type == .admin else { throw APIError.serviceForbidden("report") }
            let body = try exportService.serve(parameters, session: session, now: now())
            return Response(body: body, contentType: "text/csv")
        } catch {
            return Self.render(.error(error), format: format, executionTime: 0)
        }
    }

    private func session(_ parameters: Parameters) async throws(APIError) -> Session {
        guard let token = parameters.string("ks") else { throw .missingKS }
        return try await sessions.verify(token)
    }

    /// Sub-calls under numeric keys, in key order (0- or 1-based alike). Each carries its own `ks`,
    /// or inherits the top-level one; `{N:result:property}` refers to the N-th result (1-based).
    func multirequest(_ top: Parameters) async -> APIResult {
        let indexed = top.values.compactMap { key, value -> (Int, [String: APIValue])? in
            guard let index = Int(key), let object = value.object else { return nil }
            return (index, object)
        }
        .sorted { $0.0 < $1.0 }
        var results: [APIResult] = []
        for (_, callValues) in indexed {
            var values = callValues
            if values["ks"] == nil, let ks = top.values["ks"] { values["ks"] = ks }
            values = values.mapValues { Self.resolveReferences($0, results: results) }
            var parameters = Parameters(values)
            parameters.origin = top.origin
            results.append(await call(parameters))
        }
        return .array(results)
    }

    static func resolveReferences(_ value: APIValue, results: [APIResult]) -> APIValue {
        switch value {
        case .string(let text):
            guard text.hasPrefix("{"), text.hasSuffix("}") else { return value }
            let parts = text.dropFirst().dropLast().split(separator: ":").map(String.init)
            guard parts.count >= 2, parts[1] == "result", let number = Int(parts[0]), results.indices.contains(number - 1) else {
                return value
            }
            return results[number - 1].text(at: parts[2...]).map(APIValue.string) ?? value
        case .object(let object):
            return .object(object.mapValues { resolveReferences($0, results: results) })
        case .array(let items):
            return .array(items.map { resolveReferences($0, results: results) })
        case .null:
            return value
        }
    }
}
