import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What ClickHouse answered when it refused a statement. The message is ClickHouse's own
/// (`Code: 60, e.displayText() = DB::Exception: Table … doesn't exist`); it never holds the password.
public struct ClickHouseError: Error, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var description: String { "ClickHouse answered \(status): \(message)" }
}

/// Where a ClickHouse server is and how to sign in to it.
public struct ClickHouseConfiguration: Sendable {
    /// The HTTP interface, e.g. `http://127.0.0.1:8123`.
    public var url: String
    public var database: String
    public var user: String?
    public var password: String?
    /// A cluster from the servers' `remote_servers`: the schema is created `ON CLUSTER` and the
    /// beacons are spread over its shards.
    public var cluster: String?
    /// Query settings sent with every statement, e.g. `max_memory_usage`.
    public var settings: [String: String] = [:]
    /// Whether counts and sums read the 10-s rollup; benchmarks turn it off to time raw rows.
    public var readsRollup = true

    public init(url: String, database: String = "webcast", user: String? = nil, password: String? = nil, cluster: String? = nil) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.database = database
        self.user = user
        self.password = password
        self.cluster = cluster
    }
}

/// Statements over ClickHouse's HTTP interface: the SQL in the body, or for inserts the statement in
/// the URL and the rows in the body.
struct ClickHouseClient: Sendable {
    let configuration: ClickHouseConfiguration
    let timeout: TimeAmount = .seconds(300)

    /// A server that is down must fail a write within seconds, so that the write buffer backs off and
    /// keeps acknowledging beacons; the shared client would retry the connection until `timeout`.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(2)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Runs `sql` and returns the body of the answer.
    @discardableResult
    func execute(_ sql: String, database: Bool = true) async throws -> String {
        try await send(query: nil, body: ByteBuffer(string: sql), database: database)
    }

    /// Runs `INSERT … FORMAT TabSeparated` with `rows` as its data.
    func insert(_ statement: String, rows: ByteBuffer) async throws {
        _ = try await send(query: statement, body: rows, database: true)
    }

    private func send(query: String?, body: ByteBuffer, database: Bool) async throws -> String {
        var items: [URLQueryItem] = []
        if database { items.append(URLQueryItem(name: "database", value: configuration.database)) }
        if let query { items.append(URLQueryItem(name: "query", value: query)) }
        // On a cluster an insert returns once every shard holds its rows, so an acknowledged beacon
        // is never only in the entry server's forwarding queue and reads see it at once. The setting
        // changes nothing for other statements.
        if configuration.cluster != nil { items.append(URLQueryItem(name: "insert_distributed_sync", value: "1")) }
        for (name, value) in configuration.settings.sorted(by: { $0.key < $1.key }) { items.append(URLQueryItem(name: name, value: value)) }
        var components = URLComponents()
        components.queryItems = items
        var request = HTTPClientRequest(url: configuration.url + "/?" + (components.percentEncodedQuery ?? ""))
        request.method = .POST
        request.body = .bytes(body)
        if let user = configuration.user {
            let token = Data("\(user):\(configuration.password ?? "")".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(token)")
        }
        let response = try await Self.http.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: 1 << 31)
        let text = String(buffer: answer)
        guard response.status == .ok else {
            let message = text.split(separator: "\n").first.map(String.init) ?? ""
            throw ClickHouseError(status: Int(response.status.code), message: message)
        }
        return text
    }
}
