import Beacon
import Foundation
import KalturaAPI
import Store
import Testing

/// The api_v3 wire format: parameter trees, XML and JSON shapes, errors in place, multirequest.
@Suite struct WireTests {
    @Test func flatKeysNestAndNullsAreNull() {
        let tree = APIParameterParser.tree(pairs: [
            ("reportInputFilter:fromDate", "100"), ("reportInputFilter:interval", "days"), ("objectIds__null", ""), ("1:service", "report"),
        ])
        #expect(tree["reportInputFilter"] == .object(["fromDate": .string("100"), "interval": .string("days")]))
        #expect(tree["objectIds"] == .null)
        #expect(tree["1"] == .object(["service": .string("report")]))
    }

    @Test func jsonScalarsBecomeText() throws {
        let tree = try APIParameterParser.tree(json: Data(#"{"a":5,"b":true,"c":{"d":1.5,"objectType":"X"},"e__null":"","f":{"-":""}}"#.utf8))
        #expect(tree["a"] == .string("5"))
        #expect(tree["b"] == .string("1"))
        #expect(tree["c"] == .object(["d": .string("1.5"), "objectType": .string("X")]))
        #expect(tree["e"] == .null)
        #expect(tree["f"] == .object([:]))
        #expect(throws: APIError.invalidJSON) { try APIParameterParser.tree(json: Data("[1".utf8)) }
    }

    func api() async throws -> (KalturaAPI, String) {
        let partners = InMemoryPartnerStore()
        _ = try await partners.addPartner(id: 1001, name: "acme", adminSecret: "s3cret", userSecret: "u5er", createdAt: 0)
        let store = InMemoryStore()
        try await store.append([
            beacon(at: eventStart, partner: 1001, session: "s1", user: "alice", engaged: true),
            beacon(at: eventStart + 1, partner: 1001, session: "s2", device: .mobile),
        ])
        let api = KalturaAPI(store: store, partners: partners, now: { eventStart + 30 })
        let start = await api.respond(to: call("session", "start", ["secret": "s3cret", "partnerId": "1001", "type": "2", "format": "1"]))
        let ks = String(start.body.dropFirst().dropLast())
        return (api, ks)
    }

    func reportCall(_ action: String, ks: String, type: String = "10004", extra: [String: String] = [:]) -> [String: APIValue] {
        var values = [
            "ks": ks, "reportType": type, "reportInputFilter:objectType": "KalturaReportInputFilter",
            "reportInputFilter:fromDate": String(eventStart), "reportInputFilter:toDate": String(eventStart + 60),
        ]
        values.merge(extra) { _, new in new }
        return call("report", action, values)
    }

    @Test func xmlTableHasObjectTypeAndRows() async throws {
        let (api, ks) = try await api()
        let response = await api.respond(to: reportCall("getTable", ks: ks))
        #expect(response.contentType == "text/xml")
        #expect(response.body.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result><objectType>KalturaReportTable</objectType>"))
        #expect(
            response.body.contains(
                "<header>device,view_unique_audience,sum_view_time</header><data>Computer,1,10;Mobile,1,10;</data><totalCount>2</totalCount>"
            )
        )
        #expect(response.body.contains("<executionTime>"))
    }

    @Test func jsonDropsNullsAndPutsObjectTypeLast() async throws {
        let (api, ks) = try await api()
        var request = reportCall("getTable", ks: ks, extra: ["responseOptions:delimiter": "|"])
        request["format"] = .string("1")
        let table = await api.respond(to: request)
        #expect(
            table.body
                == #"{"header":"device|view_unique_audience|sum_view_time","data":"Computer|1|10;Mobile|1|10;","totalCount":2,"objectType":"KalturaReportTable"}"#
        )
        var empty = reportCall("getTable", ks: ks, extra: ["reportInputFilter:fromDate": "1000", "reportInputFilter:toDate": "2000"])
        empty["format"] = .string("1")
        #expect(await api.respond(to: empty).body == #"{"objectType":"KalturaReportTable"}"#)
    }

    @Test func errorsCarryKalturaCodes() async throws {
        let (api, ks) = try await api()
        func code(_ request: [String: APIValue]) async -> String? {
            var request = request
            request["format"] = .string("1")
            let body = await api.respond(to: request).body
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return object?["code"] as? String
        }
        #expect(await code(reportCall("getTable", ks: "")) == "MISSING_KS")
        #expect(await code(reportCall("getTable", ks: "nope")) == "INVALID_KS")
        #expect(await code(reportCall("getGraphs", ks: ks)) == "INTERNAL_SERVERL_ERROR")
        #expect(await code(reportCall("getTable", ks: ks, type: "99999")) == "INVALID_ENUM_VALUE")
        #expect(await code(reportCall("getTable", ks: ks, extra: ["reportInputFilter:interval": "weeks"])) == "INVALID_ENUM_VALUE")
        #expect(await code(reportCall("getTable", ks: ks, extra: ["pager:pageSize": "10000", "pager:pageIndex": "2"])) == "SEARCH_TOO_GENERAL")
        #expect(await code(call("report", "getTable", ["ks": ks])) == "MISSING_MANDATORY_PARAMETER")
        #expect(await code(call("nothing", "x", [:])) == "SERVICE_DOES_NOT_EXISTS")
        #expect(await code(call("report", "explode", ["ks": ks])) == "ACTION_DOES_NOT_EXISTS")
        #expect(await code(call("session", "start", ["secret": "wrong", "partnerId": "1001", "type": "2"])) == "START_SESSION_ERROR")
        #expect(await code(call("session", "start", ["secret": "u5er", "partnerId": "1001", "type": "2"])) == "START_SESSION_ERROR")
        let user = await api.respond(to: call("session", "start", ["secret": "u5er", "partnerId": "1001", "type": "0", "format": "1"]))
        #expect(await code(reportCall("getTotal", ks: String(user.body.dropFirst().dropLast()))) == "SERVICE_FORBIDDEN")
    }

    @Test func invalidKSErrorNamesItsArguments() async throws {
        let (api, _) = try await api()
        let body = await api.respond(to: reportCall("getTotal", ks: "bad")).body
        #expect(body.contains("<error><code>INVALID_KS</code><message>Invalid KS &quot;bad&quot;, Error &quot;-1,INVALID_STR&quot;</message>"))
        #expect(body.contains("<item><objectType>KalturaApiExceptionArg</objectType><name>ERR_CODE</name><value>-1</value></item>"))
    }

    @Test func multirequestKeepsGoingPastAFailure() async throws {
        let (api, ks) = try await api()
        var top: [String: APIValue] = [:]
        top["0"] = .object(reportCall("getTotal", ks: ks))
        top["1"] = .object(reportCall("getGraphs", ks: ks))
        top["2"] = .object(call("session", "get", ["ks": ks]))
        top["3"] = .object(call("system", "ping", ["echo": "{3:result:partnerId}"]))
        top["service"] = .string("multirequest")
        let body = await api.respond(to: top).body
        #expect(body.contains("<result><item><objectType>KalturaReportTotal</objectType>"))
        #expect(body.contains("<item><error><code>INTERNAL_SERVERL_ERROR</code>"))
        #expect(body.contains("<partnerId>1001</partnerId>"))
        #expect(body.contains("<item>1</item></result><executionTime>"))
    }

    @Test func tenSecondIntervalRoundsTheRangeUp() async throws {
        let (api, ks) = try await api()
        var request = reportCall(
            "getGraphs",
            ks: ks,
            type: "10005",
            extra: [
                "reportInputFilter:fromDate": String(eventStart - 9), "reportInputFilter:toDate": String(eventStart + 1),
                "reportInputFilter:interval": "ten_seconds", "responseOptions:skipEmptyDates": "False",
            ]
        )
        request["format"] = .string("1")
        let body = await api.respond(to: request).body
        // [from, to) rounds up to [eventStart, eventStart + 10): one bucket, both views in it.
        #expect(body.contains(#"{"id":"views","data":"\#(eventStart),2;","objectType":"KalturaReportGraph"}"#))
    }

    @Test func fromDayCoversWholeLocalDays() async throws {
        let (api, ks) = try await api()
        func total(_ offset: String) async -> String {
            var request = reportCall(
                "getTotal",
                ks: ks,
                extra: ["reportInputFilter:fromDay": "20261122", "reportInputFilter:toDay": "20261122", "reportInputFilter:timeZoneOffset": offset]
            )
            request["format"] = .string("1")
            return await api.respond(to: request).body
        }
        // 10:00 UTC is on 22 November in UTC and UTC−8 (offset 480), but on 23 November in UTC+14 (offset −840).
        #expect(await total("0").contains(#""data":"2,20""#))
        #expect(await total("480").contains(#""data":"2,20""#))
        #expect(await total("-840").contains(#""data":",""#))
    }
}
