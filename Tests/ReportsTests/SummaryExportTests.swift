import Beacon
import Foundation
import KalturaAPI
import Store
import Testing

/// The post-event view's CSV (`getUrlForReportAsCsv` with `reportType=webcast_summary`).
@Suite struct SummaryExportTests {
    /// A KalturaAPI over `beacons`, an admin KS of partner 1001, and the summary CSV of `1_entry`.
    func summary(_ beacons: [EnrichedBeacon]) async throws -> (csv: String, api: KalturaAPI, ks: String) {
        let partners = InMemoryPartnerStore()
        _ = try await partners.addPartner(id: 1001, name: "acme", adminSecret: "s3cret", userSecret: "u5er", createdAt: 0)
        let store = InMemoryStore()
        try await store.append(beacons)
        let api = KalturaAPI(store: store, partners: partners, now: { eventStart + 3600 })
        let start = await api.respond(to: call("session", "start", ["secret": "s3cret", "partnerId": "1001", "type": "2", "format": "1"]))
        let ks = String(start.body.dropFirst().dropLast())
        let url = await api.respond(
            to: call(
                "report",
                "getUrlForReportAsCsv",
                [
                    "ks": ks, "format": "1", "reportTitle": "Town hall", "reportType": "webcast_summary",
                    "reportInputFilter:fromDate": String(eventStart), "reportInputFilter:toDate": String(eventStart + 600),
                    "reportInputFilter:entryIdIn": "1_entry",
                ]
            )
        )
        let id = try #require(url.body.split(separator: "/").dropLast().last.map(String.init), "\(url.body)")
        let file = await api.respond(to: call("report", "serve", ["ks": ks, "id": id]))
        return (file.body, api, ks)
    }

    func sections(_ csv: String) -> [[[String]]] {
        csv.split(separator: "\n\n").map {
            $0.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
    }

    @Test func peakIsTheFirstHighestBucketAndTheAverageSkipsEmptyOnes() async throws {
        // Viewers per ten seconds: 2, 3, nobody, 3, 1.
        let counts = [2, 3, 0, 3, 1]
        var beacons: [EnrichedBeacon] = []
        for (bucket, count) in counts.enumerated() {
            for viewer in 0..<count {
                beacons.append(beacon(at: eventStart + Int64(bucket) * 10, partner: 1001, session: "s\(viewer)", user: "u\(viewer)"))
            }
        }
        beacons.append(beacon(at: eventStart, partner: 1001, entry: "1_other", session: "x", user: "elsewhere"))
        let parts = sections(try await summary(beacons).csv)
        let kpis = Dictionary(uniqueKeysWithValues: parts[1].dropFirst().map { ($0[0], $0[1]) })
        #expect(kpis["peak_attendees"] == "3")
        #expect(kpis["peak_at"] == "2026-11-22T10:00:10Z")
        #expect(kpis["average_attendees"] == "2.25")
        #expect(kpis["unique_viewers"] == "3")
        #expect(kpis["view_time_live_seconds"] == "90")
        #expect(parts[3].dropFirst().map { $0[1] } == ["2", "3", "3", "1"])
    }

    @Test func theAttendeeListHasEveryonePastTheTablesCap() async throws {
        let viewers = 12_005
        let beacons = (0..<viewers).map { beacon(at: eventStart + Int64($0 % 60), partner: 1001, session: "s\($0)", user: "viewer\($0)") }
        let (csv, api, ks) = try await summary(beacons)
        let people = try #require(sections(csv).last)
        #expect(people.first?.first == "user_id")
        #expect(people.count - 1 == viewers)
        // getTable keeps Kaltura's pager rule.
        let page = await api.respond(
            to: call(
                "report",
                "getTable",
                [
                    "ks": ks, "format": "1", "reportType": "10008", "reportInputFilter:fromDate": String(eventStart),
                    "reportInputFilter:toDate": String(eventStart + 600), "pager:pageSize": "500", "pager:pageIndex": "30",
                ]
            )
        )
        #expect(page.body.contains("SEARCH_TOO_GENERAL"))
    }
}
