import Beacon
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Server
import Store
import Testing

@Suite struct TrackEventTests {
    @Test func kavaPostIsAcknowledgedAndStored() async throws {
        let test = try TestServer()
        let before = Int(Date().timeIntervalSince1970)
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.contentType: "application/json", .userAgent: iPhoneSafari],
                body: ByteBuffer(string: kavaBody)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let json = response.body.json
                #expect(Set(json.keys) == ["time", "viewEventsEnabled"])
                #expect(json["viewEventsEnabled"] as? Bool == true)
                #expect(((json["time"] as? Int) ?? 0) >= before)
            }
            #expect(try await test.waitForStored(1) == 1)
        }
        let row = try #require(try await test.store.beacons(BeaconFilter(partnerId: 42), limit: 1).first)
        #expect(row.eventType == .view)
        #expect(row.entryId == "1_abcd")
        #expect(row.bufferTime == 0.5)
        #expect(row.engaged)
        #expect(row.device == .mobile)
        #expect(row.referrer == "https://example.com/townhall")
        #expect(row.eventIndex == 3)
    }

    @Test(arguments: [
        "/api_v3/index.php?\(kavaQuery)&bufferTime=1&referrer=aHR0cDovL3g%3D",
        "/api_v3/service/analytics/action/trackEvent?\(kavaQuery)&bufferTime=1&referrer=aHR0cDovL3g%3D",
        "/api_v3/index.php?SERVICE=x&\(kavaQuery)&service=Analytics&action=trackevent&bufferTime=1&referrer=aHR0cDovL3g%3D",
    ])
    func getIsAcknowledgedAndStored(_ uri: String) async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
            }
            #expect(try await test.waitForStored(1) == 1)
        }
        let row = try #require(try await test.store.beacons(BeaconFilter(partnerId: 42), limit: 1).first)
        #expect(row.bufferTime == 1)
        #expect(row.referrer == "http://x")
    }

    @Test func formAndPlainTextBodiesAreAccepted() async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api_v3/service/analytics/action/trackEvent",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "eventType=3&partnerId=42&entryId=1_a&sessionId=s1&application%3Aname=town+hall")
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api_v3/service/analytics/action/trackEvent?eventType=1&partnerId=42&entryId=1_a&sessionId=s2",
                method: .post,
                headers: [.contentType: "text/plain;charset=UTF-8"],
                body: ByteBuffer(string: #"{"playerJSLoadTime": 0.4}"#)
            ) { #expect($0.status == .ok) }
            #expect(try await test.waitForStored(2) == 2)
        }
    }

    @Test(arguments: [
        ("eventType=99&partnerId=42&entryId=1_a", "sessionId", "missing_field"),
        ("eventType=99&partnerId=42&sessionId=s", "entryId", "missing_field"),
        ("eventType=99&entryId=1_a&sessionId=s", "partnerId", "missing_field"),
        ("partnerId=42&entryId=1_a&sessionId=s", "eventType", "missing_field"),
        ("eventType=99&partnerId=abc&entryId=1_a&sessionId=s", "partnerId", "invalid_type"),
        ("eventType=5&partnerId=42&entryId=1_a&sessionId=s", "eventType", "unknown_event_type"),
        ("eventType=99&partnerId=42&entryId=1_a&sessionId=s&bufferTime=11", "bufferTime", "out_of_range"),
        ("eventType=99&partnerId=42&entryId=1_a&sessionId=s&soundMode=3", "soundMode", "invalid_value"),
        ("eventType=99&partnerId=42&entryId=1_a&sessionId=s&playbackType=live2", "playbackType", "invalid_value"),
    ])
    func badBeaconGets400NamingTheField(query: String, field: String, reason: String) async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(uri: "/api_v3/service/analytics/action/trackEvent?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorBody["field"] as? String == field)
                #expect(response.body.errorBody["reason"] as? String == reason)
                #expect((response.body.errorBody["message"] as? String)?.hasPrefix(field) == true)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(metric("beacons_rejected_total{reason=\"\(reason)\"}", in: response.body.text) == 1)
            }
        }
        #expect(try await test.stored() == 0)
    }

    @Test func megabyteStringInTheBodyIsTooLong() async throws {
        let test = try TestServer()
        let body = #"{"customVar1":"\#(String(repeating: "x", count: 1 << 20))"}"#
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorBody["reason"] as? String == "too_long")
                #expect(response.body.errorBody["field"] as? String == "customVar1")
                #expect(response.body.readableBytes < 500, "the value is not echoed back")
            }
        }
    }

    @Test func invalidJSONAndWrongContentTypeAreNamed() async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"bufferTime": 1,"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorBody["reason"] as? String == "invalid_json")
            }
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.contentType: "application/xml"],
                body: ByteBuffer(string: "<beacon/>")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.body.errorBody["field"] as? String == "Content-Type")
                #expect(response.body.errorBody["reason"] as? String == "unsupported_content_type")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(metric("beacons_rejected_total{reason=\"invalid_json\"}", in: response.body.text) == 1)
                #expect(metric("beacons_rejected_total{reason=\"unsupported_content_type\"}", in: response.body.text) == 1)
            }
        }
        #expect(try await test.stored() == 0)
    }

    /// index.php also serves the report API, so a service this server lacks gets Kaltura's error, not a beacon rejection.
    @Test func anotherServiceOnIndexPHPIsAKalturaError() async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(uri: "/api_v3/index.php?service=media&action=list", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/xml; charset=utf-8")
                let body = response.body.text
                #expect(body.contains("<error><code>SERVICE_DOES_NOT_EXISTS</code><message>Service &quot;media&quot; does not exists</message>"))
            }
        }
        #expect(try await test.stored() == 0)
    }

    @Test func corsLetsAPlayerOnAnotherOriginPost() async throws {
        let test = try TestServer()
        try await test.server.application.test(.router) { client in
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .options,
                headers: [.origin: "https://intranet.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://intranet.example")
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(response.headers[.accessControlAllowHeaders]?.contains("content-type") == true)
            }
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.origin: "https://intranet.example", .contentType: "application/json"],
                body: ByteBuffer(string: kavaBody)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "https://intranet.example")
            }
        }
    }
}
