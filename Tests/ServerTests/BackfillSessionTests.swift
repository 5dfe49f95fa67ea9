import Beacon
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Server
import Store
import Testing

/// Backfill signed in as a partner's admin: trusted event times for that partner's lines only.
@Suite struct BackfillSessionTests {
    func post(_ client: some TestClientProtocol, _ body: String, authorization: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/api/v1/beacons",
            method: .post,
            headers: [.contentType: "application/x-ndjson", .authorization: authorization],
            body: ByteBuffer(string: body)
        ) { response in (response.status, response.body.json) }
    }

    func session(_ client: some TestClientProtocol, partner: Int, secret: String, type: Int) async throws -> String {
        let body = #"{"secret":"\#(secret)","partnerId":"\#(partner)","type":"\#(type)","format":"1"}"#
        return try await client.execute(
            uri: "/api_v3/service/session/action/start",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body)
        ) { response in
            try #require(try JSONSerialization.jsonObject(with: Data(response.body.text.utf8), options: [.fragmentsAllowed]) as? String)
        }
    }

    @Test func anAdminSessionTrustsItsOwnPartnersLinesOnly() async throws {
        let test = try TestServer()
        _ = try await test.store.addPartner(id: 42, name: "a", adminSecret: "admin42", userSecret: "user42", createdAt: 0)
        _ = try await test.store.addPartner(id: 43, name: "b", adminSecret: "admin43", userSecret: "user43", createdAt: 0)
        let own = viewLine(1, extra: #","eventTime":1794000000"#)
        let other = own.replacingOccurrences(of: #""partnerId":42"#, with: #""partnerId":43"#)
        try await test.server.application.test(.router) { client in
            let ks = try await session(client, partner: 42, secret: "admin42", type: 2)
            let (status, reply) = try await post(client, own + "\n" + other + "\n", authorization: "KS \(ks)")
            #expect(status == .ok)
            #expect(reply["accepted"] as? Int == 1)
            let rejected = (reply["rejected"] as? [[String: Any]])?.first
            #expect(rejected?["line"] as? Int == 2)
            #expect(rejected?["field"] as? String == "eventTime")
            #expect(rejected?["reason"] as? String == "untrusted_field")
            #expect((rejected?["message"] as? String)?.contains("partner 42") == true)
            #expect(try await test.waitForStored(1) == 1)
        }
        #expect(try await test.store.beacons(BeaconFilter(partnerId: 42), limit: 1).first?.timeMs == 1_794_000_000_000)
        #expect(try await test.stored(partner: 43) == 0)
    }

    @Test func userSessionsAndForgedSessionsAreRefused() async throws {
        let test = try TestServer()
        _ = try await test.store.addPartner(id: 42, name: "a", adminSecret: "admin42", userSecret: "user42", createdAt: 0)
        let line = viewLine(1, extra: #","eventTime":1794000000"#)
        try await test.server.application.test(.router) { client in
            let user = try await session(client, partner: 42, secret: "user42", type: 0)
            let admin = try await session(client, partner: 42, secret: "admin42", type: 2)
            var forged = Array(admin)
            forged[forged.count / 2] = forged[forged.count / 2] == "A" ? "B" : "A"
            for authorization in ["KS \(user)", "KS \(String(forged))", "KS not-a-session", "Basic YWRtaW46YWRtaW4="] {
                let (status, reply) = try await post(client, line, authorization: authorization)
                #expect(status == .unauthorized, "\(authorization.prefix(12))")
                let error = reply["error"] as? [String: Any]
                #expect(error?["field"] as? String == "Authorization")
            }
        }
        #expect(try await test.stored() == 0)
    }
}
