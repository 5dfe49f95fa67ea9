import Beacon
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Server
import Store
import Testing

func viewLine(_ index: Int, extra: String = "") -> String {
    #"{"eventType":99,"partnerId":42,"entryId":"1_batch","sessionId":"s\#(index)","bufferTime":0,"playbackType":"live"\#(extra)}"#
}

@Suite struct BatchEndpointTests {
    @Test func threeBadLinesOfAThousandLoseNoGoodOne() async throws {
        let test = try TestServer()
        var lines = (1...1_000).map { viewLine($0) }
        lines[9] = "{not json"
        lines[499] = #"{"eventType":99,"partnerId":42,"entryId":"1_batch"}"#
        lines[999] = viewLine(1_000, extra: #","playTimeSum":"eleven""#)
        let body = lines.joined(separator: "\n") + "\n"
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let json = response.body.json
                #expect(json["accepted"] as? Int == 997)
                #expect(json["rejectedCount"] as? Int == 3)
                let rejected = json["rejected"] as? [[String: Any]] ?? []
                #expect(rejected.compactMap { $0["line"] as? Int } == [10, 500, 1_000])
                #expect(rejected.compactMap { $0["reason"] as? String } == ["invalid_json", "missing_field", "invalid_type"])
                #expect(rejected.compactMap { $0["field"] as? String } == ["sessionId", "playTimeSum"])
            }
            #expect(try await test.waitForStored(997) == 997)
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = response.body.text
                #expect(metric("beacons_accepted_total", in: text) == 997)
                #expect(metric("beacons_rejected_total{reason=\"invalid_json\"}", in: text) == 1)
                #expect(metric("beacons_rejected_total{reason=\"missing_field\"}", in: text) == 1)
                #expect(metric("beacons_rejected_total{reason=\"invalid_type\"}", in: text) == 1)
            }
        }
    }

    @Test func oversizeBodyGets413() async throws {
        let test = try TestServer(maxBatchBodyBytes: 64 * 1024)
        let body = Array(repeating: viewLine(1), count: 1_000).joined(separator: "\n")
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.body.errorBody["reason"] as? String == "body_too_large")
                #expect((response.body.errorBody["message"] as? String)?.contains("65536") == true)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(metric("beacons_rejected_total{reason=\"body_too_large\"}", in: response.body.text) == 1)
            }
        }
        #expect(try await test.stored() == 0)
    }

    @Test func defaultLimitIsEightMebibytes() throws {
        #expect(try TestServer().server.configuration.maxBatchBodyBytes == 8 * 1024 * 1024)
    }

    @Test func backfillNeedsTheAdminToken() async throws {
        let test = try TestServer(backfillToken: "s3cret-token")
        let line = viewLine(1, extra: #","eventTime":1794000000"#)
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: line)
            ) { response in
                #expect(response.body.json["accepted"] as? Int == 0)
                let first = (response.body.json["rejected"] as? [[String: Any]])?.first
                #expect(first?["reason"] as? String == "untrusted_field")
                #expect(first?["field"] as? String == "eventTime")
            }
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "application/x-ndjson", .authorization: "Bearer wrong-token"],
                body: ByteBuffer(string: line)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.body.errorBody["field"] as? String == "Authorization")
                #expect(response.body.errorBody["reason"] as? String == "unauthorized")
                #expect(!response.body.text.contains("s3cret"))
            }
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "application/x-ndjson", .authorization: "Bearer s3cret-token"],
                body: ByteBuffer(string: line)
            ) { response in
                #expect(response.body.json["accepted"] as? Int == 1)
            }
            #expect(try await test.waitForStored(1) == 1)
        }
        #expect(try await test.store.beacons(BeaconFilter(partnerId: 42), limit: 1).first?.timeMs == 1_794_000_000_000)
    }

    @Test func wrongContentTypeGets415() async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/beacons",
                method: .post,
                headers: [.contentType: "multipart/form-data"],
                body: ByteBuffer(string: viewLine(1))
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.body.errorBody["field"] as? String == "Content-Type")
            }
        }
    }
}
