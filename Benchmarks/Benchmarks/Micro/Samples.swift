import Beacon
import Reports
import Rollup
import Simulator
import Store

/// Inputs made once, before the first measurement reads them.
enum Samples {
    static let userAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"

    static let query =
        "service=analytics&action=trackEvent&eventType=99&partnerId=1001&entryId=1_town&sessionId=5f2c9a&eventIndex=12"
        + "&userId=viewer%40example.com&playbackType=live&position=-2.5&playTimeSum=110&bufferTime=0&bufferTimeSum=0.4"
        + "&actualBitrate=1500&engagement=SoundOnTabFocused&ks="

    static let parameters = BeaconParameters(formEncoded: query)

    static let json = Array(
        #"{"eventType":99,"partnerId":1001,"entryId":"1_town","sessionId":"5f2c9a","eventIndex":12,"userId":"viewer@example.com","playbackType":"live","position":-2.5,"actualBitrate":1500}"#
            .utf8
    )

    static let context = ReceiveContext(timeMs: 1_795_341_600_000, userAgent: UserAgentClassifier.classify(userAgent), clientIP: nil)

    static let start: Int64 = 1_795_341_600

    /// 2,000 simulated viewers of a town hall for 5 minutes, about 10,000 beacons.
    static let audience: [EnrichedBeacon] = {
        let settings = AudienceSettings(partnerId: 1001, entryId: "1_town", viewers: 2000, duration: 300, start: start, seed: 7)
        return Audience.simulate(settings).beacons.compactMap { simulated in
            guard let beacon = try? BeaconValidator.validate(BeaconParameters(simulated.parameters)) else { return nil }
            let context = ReceiveContext(
                timeMs: Int64((simulated.time * 1000).rounded()),
                userAgent: UserAgentClassifier.classify(simulated.userAgent),
                clientIP: nil
            )
            return Enrichment.enrich(beacon, context: context)
        }
    }()

    /// The 5 minutes, as a report request.
    static let request = ReportRequest(filter: BeaconFilter(partnerId: 1001), from: start, to: start + 300, interval: .tenSeconds)

    static let evenUsers = UserSet(stride(from: UInt32(0), to: 200_000, by: 2))
    static let oddUsers = UserSet(stride(from: UInt32(1), to: 200_000, by: 2))
}

/// A raw store that keeps nothing, so that a benchmark measures the rollups alone.
final class DiscardingStore: BeaconScanning {
    func append(_ batch: [EnrichedBeacon]) async throws {}
    func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] { [] }
    func count(_ filter: BeaconFilter) async throws -> Int { 0 }
    func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] { [] }
    func scanBound() async throws -> Int64 { 0 }
    func scan(batchSize: Int, through bound: Int64?, _ body: @Sendable ([EnrichedBeacon]) throws -> Void) async throws {}
}
