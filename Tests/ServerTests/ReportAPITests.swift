import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Server
import Store
import Testing

/// The report API over HTTP: routing forms, body forms, and partner isolation. Partner 42 and
/// partner 43 each send beacons; nothing either partner's session can ask returns the other's.
@Suite struct ReportAPITests {
    struct Setup {
        let test: TestServer
        let secrets: [Int: String]
    }

    func setup() async throws -> Setup {
        let test = try TestServer()
        var secrets: [Int: String] = [:]
        for id in [42, 43] {
            let partner = try await test.store.addPartner(id: id, name: "p\(id)", adminSecret: "admin\(id)", userSecret: "user\(id)", createdAt: 0)
            secrets[id] = partner.adminSecret
        }
        return Setup(test: test, secrets: secrets)
    }

    func json(_ client: some TestClientProtocol, _ uri: String, body: String? = nil, contentType: String = "application/json") async throws -> Any {
        try await client.execute(
            uri: uri,
            method: body == nil ? .get : .post,
            headers: body == nil ? [:] : [.contentType: contentType],
            body: body.map { ByteBuffer(string: $0) }
        ) { response in
            #expect(response.status == .ok)
            return try JSONSerialization.jsonObject(with: Data(response.body.text.utf8), options: [.fragmentsAllowed])
        }
    }

    func sendViews(_ client: some TestClientProtocol, partner: Int, entry: String, count: Int) async throws {
        for index in 0..<count {
            try await client.execute(
                uri:
                    "/api_v3/index.php?service=analytics&action=trackEvent&eventType=99&partnerId=\(partner)&entryId=\(entry)&sessionId=s\(index)&playbackType=live",
                method: .get
            ) { #expect($0.status == .ok) }
        }
    }

    func ks(_ client: some TestClientProtocol, partner: Int, secret: String) async throws -> String {
        let body = #"{"secret":"\#(secret)","partnerId":"\#(partner)","type":"2","format":"1"}"#
        return try #require(try await json(client, "/api_v3/service/session/action/start", body: body) as? String)
    }

    func totalBody(ks: String, extra: String = "") -> String {
        #"{"format":"1","ks":"\#(ks)","reportType":"10005","reportInputFilter":{"objectType":"KalturaReportInputFilter","fromDate":"-600","toDate":"600"\#(extra)}}"#
    }

    @Test func routesAndBodyFormsAnswerTheSame() async throws {
        let setup = try await setup()
        try await setup.test.server.application.test(.router) { client in
            try await sendViews(client, partner: 42, entry: "1_a", count: 3)
            #expect(try await setup.test.waitForStored(3) == 3)
            let ks = try await ks(client, partner: 42, secret: "admin42")
            let expected = "3,0,3,0"
            let viaPath = try await json(client, "/api_v3/service/report/action/getTotal", body: totalBody(ks: ks)) as? [String: Any]
            #expect(viaPath?["data"] as? String == expected)
            let viaDoubleSlash = try await json(client, "//api_v3/service/report/action/getTotal", body: totalBody(ks: ks)) as? [String: Any]
            #expect(viaDoubleSlash?["data"] as? String == expected)
            let form = "format=1&ks=\(ks)&reportType=10005&reportInputFilter%3AfromDate=-600&reportInputFilter%3AtoDate=600&objectIds__null="
            let viaForm =
                try await json(
                    client,
                    "/api_v3/index.php?service=report&action=getTotal",
                    body: form,
                    contentType: "application/x-www-form-urlencoded"
                )
                as? [String: Any]
            #expect(viaForm?["data"] as? String == expected)
            let viaPathPairs = try await json(client, "/api_v3/index.php/service/report/action/getTotal/format/1?" + form) as? [String: Any]
            #expect(viaPathPairs?["data"] as? String == expected)
        }
    }

    @Test func aSessionNeverReadsAnotherPartner() async throws {
        let setup = try await setup()
        try await setup.test.server.application.test(.router) { client in
            try await sendViews(client, partner: 42, entry: "1_a", count: 4)
            try await sendViews(client, partner: 43, entry: "1_b", count: 2)
            #expect(try await setup.test.waitForStored(4) == 4)
            #expect(try await setup.test.waitForStored(2, partner: 43) == 2)
            let ksB = try await ks(client, partner: 43, secret: "admin43")
            let ksA = try await ks(client, partner: 42, secret: "admin42")
            func data(_ body: String) async throws -> String? {
                (try await json(client, "/api_v3/service/report/action/getTotal", body: body) as? [String: Any])?["data"] as? String
            }
            #expect(try await data(totalBody(ks: ksB)) == "2,0,2,0")
            #expect(try await data(totalBody(ks: ksB, extra: #","entryIdIn":"1_a""#)) == ",,,")
            let objectIds = totalBody(ks: ksB).dropLast() + #","objectIds":"1_a","partnerId":"42"}"#
            #expect(try await data(String(objectIds)) == ",,,")
            func subCall(_ ks: String?) -> String {
                let body = totalBody(ks: ks ?? "").replacingOccurrences(of: #"{"format":"1","#, with: #"{"service":"report","action":"getTotal","#)
                return ks == nil ? body.replacingOccurrences(of: #""ks":"","#, with: "") : body
            }
            let multi = #"{"format":"1","0":\#(subCall(ksA)),"1":\#(subCall(ksB)),"2":\#(subCall(nil))}"#
            let results = try #require(try await json(client, "/api_v3/service/multirequest", body: multi) as? [[String: Any]])
            #expect(results.map { $0["data"] as? String } == ["4,0,4,0", "2,0,2,0", nil])
            #expect(results[2]["code"] as? String == "MISSING_KS")
        }
    }
}
