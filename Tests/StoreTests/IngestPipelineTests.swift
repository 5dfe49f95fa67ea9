import Beacon
import Ingest
import Logging
import Metrics
import Store
import Testing

@Suite struct IngestPipelineTests {
    let store = InMemoryStore()

    func pipeline(now: Int64 = 1_795_000_000_000) -> IngestPipeline {
        let metrics = IngestMetrics(factory: NOOPMetricsHandler.instance)
        let buffer = WriteBuffer(store: store, configuration: .init(maxBatch: 1), metrics: metrics, logger: Logger(label: "test"))
        return IngestPipeline(buffer: buffer, metrics: metrics, now: { now })
    }

    func line(_ json: String, _ number: Int) -> (line: Int, parameters: Result<BeaconParameters, BeaconRejection>) {
        (number, Result { () throws(BeaconRejection) in try BeaconParameters(json: Array(json.utf8)) })
    }

    let viewLine = #"{"eventType":99,"partnerId":42,"entryId":"1_a","sessionId":"s1"}"#

    @Test func receiveTimeIsTheEventTime() async throws {
        try await pipeline().ingest(
            BeaconParameters(["eventType": "99", "partnerId": "42", "entryId": "1_a", "sessionId": "s"]),
            from: .init(userAgent: nil, clientIP: "10.0.0.1")
        )
        let stored = try await store.beacons(BeaconFilter(partnerId: 42), limit: 1)
        #expect(stored.first?.timeMs == 1_795_000_000_000)
        #expect(stored.first?.clientIP == "10.0.0.1")
    }

    @Test func goodLinesSurviveBadOnes() async throws {
        let outcome = try await pipeline().ingest(
            batch: [line(viewLine, 1), line("{", 2), line(#"{"eventType":99,"partnerId":42}"#, 4), line(viewLine, 5)],
            from: .init(userAgent: nil, clientIP: nil)
        )
        #expect(outcome.accepted == 2)
        #expect(outcome.rejected.map(\.line) == [2, 4])
        #expect(outcome.rejected.map(\.reason) == [.invalidJSON, .missingField])
        #expect(try await store.count(BeaconFilter(partnerId: 42)) == 2)
    }

    @Test func eventTimeAndClientIPNeedTrust() async throws {
        let backfill = #"{"eventType":99,"partnerId":42,"entryId":"1_a","sessionId":"s1","eventTime":1794000000.5,"clientIp":"198.51.100.4"}"#
        let untrusted = try await pipeline().ingest(batch: [line(backfill, 1)], from: .init(userAgent: nil, clientIP: nil))
        #expect(untrusted.rejected.first?.reason == .untrustedField)
        #expect(untrusted.rejected.first?.field == "eventTime")

        let trusted = try await pipeline().ingest(batch: [line(backfill, 1)], from: .init(userAgent: nil, clientIP: "127.0.0.1", trusted: true))
        #expect(trusted.accepted == 1)
        let stored = try await store.beacons(BeaconFilter(partnerId: 42), limit: 1)
        #expect(stored.first?.timeMs == 1_794_000_000_500)
        #expect(stored.first?.clientIP == "198.51.100.4")
    }

    @Test(arguments: ["900000000", "1795000400", "soon"])
    func implausibleEventTimesAreRejected(_ eventTime: String) async throws {
        let json = #"{"eventType":99,"partnerId":42,"entryId":"1_a","sessionId":"s1","eventTime":"\#(eventTime)"}"#
        let outcome = try await pipeline().ingest(batch: [line(json, 1)], from: .init(userAgent: nil, clientIP: nil, trusted: true))
        #expect(outcome.accepted == 0)
        #expect(outcome.rejected.first?.field == "eventTime")
    }

    /// 1_795_000_000 s is 2026-11-18 11:06 UTC: with 3 days kept, 2026-11-15 is the first day.
    @Test func backfilledDaysThatRetentionDeletesAreRefused() async throws {
        let metrics = IngestMetrics(factory: NOOPMetricsHandler.instance)
        let buffer = WriteBuffer(store: store, configuration: .init(maxBatch: 1), metrics: metrics, logger: Logger(label: "test"))
        let pipeline = IngestPipeline(buffer: buffer, metrics: metrics, now: { 1_795_000_000_000 }, retentionDays: 3)
        let lines = [1_795_000_000 - 3 * 86_400 - 30_000, 1_795_000_000 - 4 * 86_400].enumerated().map { index, time in
            line(#"{"eventType":99,"partnerId":42,"entryId":"1_a","sessionId":"s1","eventTime":\#(time)}"#, index + 1)
        }
        let outcome = try await pipeline.ingest(batch: lines, from: .init(userAgent: nil, clientIP: nil, trusted: true))
        #expect(outcome.accepted == 1)
        #expect(outcome.rejected.map(\.line) == [2])
        #expect(outcome.rejected.first?.reason == .outOfRange)
        #expect(outcome.rejected.first?.message.contains("before 2026-11-15") == true)
    }

    @Test func aLineMayNameItsUserAgent() async throws {
        let json = #"{"eventType":99,"partnerId":42,"entryId":"1_a","sessionId":"s1","userAgent":"Roku/DVP-12.5 (12.5.0.4178-AE)"}"#
        _ = try await pipeline().ingest(batch: [line(json, 1)], from: .init(userAgent: "curl/8", clientIP: nil))
        #expect(try await store.beacons(BeaconFilter(partnerId: 42), limit: 1).first?.device == .digitalMediaReceiver)
    }
}
