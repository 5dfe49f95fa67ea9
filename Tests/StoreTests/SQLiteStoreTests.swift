import Beacon
import Foundation
import SQLiteStore
import Store
import Synchronization
import Testing

@Suite struct SQLiteStoreTests {
    @Test func everyColumnRoundTrips() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let full = EnrichedBeacon(
            timeMs: 1_795_000_000_123,
            partnerId: 42,
            entryId: "1_x",
            sessionId: "s:1",
            eventType: .view,
            eventIndex: 7,
            userId: "jane",
            userKey: "jane",
            playbackType: .dvr,
            position: -130.5,
            playTimeSum: 70,
            bufferTime: 1.25,
            bufferTimeSum: 3.5,
            actualBitrate: 1500,
            bandwidth: 8000,
            droppedFramesRatio: 0.01,
            segmentDownloadTime: 0.4,
            manifestDownloadTime: 0.2,
            flavorParamsId: 487_041,
            engagement: "SoundOnTabFocusedFullScreen",
            engaged: true,
            device: .tablet,
            osFamily: "iOS",
            browserFamily: "Safari",
            country: "IL",
            clientIP: "203.0.113.9",
            referrer: "https://example.com/",
            errorCode: 7003,
            extra: ["customVar1": "a", "clientVer": "3.1"]
        )
        let sparse = EnrichedBeacon(timeMs: 1_795_000_000_999, partnerId: 42, entryId: "1_x", sessionId: "s:2", eventType: .pause, userKey: "s:2")
        try await store.append([full, sparse])
        #expect(try await store.beacons(BeaconFilter(partnerId: 42), limit: 10) == [full, sparse])
    }

    @Test func dataSurvivesReopening() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let store = try SQLiteStore(directory: directory)
            try await store.append((0..<1_000).map { view(at: 1_795_000_000 + Int64($0), session: "s\($0)") })
        }
        let reopened = try SQLiteStore(directory: directory)
        #expect(try await reopened.count(BeaconFilter(partnerId: 42)) == 1_000)
        #expect(FileManager.default.fileExists(atPath: directory + "/webcast.sqlite"))
    }

    @Test func filtersNeverCrossPartners() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try await store.append([
            view(at: 100, partner: 1, entry: "1_shared", session: "a"),
            view(at: 100, partner: 2, entry: "1_shared", session: "b"),
            view(at: 100, partner: 2, entry: "1_shared", session: "c"),
        ])
        #expect(try await store.count(BeaconFilter(partnerId: 1, entryIds: ["1_shared"])) == 1)
        let rows = try await store.aggregate(AggregationQuery(filter: BeaconFilter(partnerId: 2), aggregations: [.uniqueUsers()]))
        #expect(rows == [AggregationRow(bucketStart: nil, dimensions: [], values: [2])])
    }

    @Test func valuesAreBoundNotSpliced() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try await store.append([view(at: 100, session: "a")])
        let hostile = BeaconFilter(partnerId: 42, osFamilies: ["x') OR 1=1 --"], userIds: ["'; DROP TABLE beacon; --"])
        #expect(try await store.count(hostile) == 0)
        #expect(try await store.count(BeaconFilter(partnerId: 42)) == 1)
    }
}

/// A rebuild reads up to a bound taken before the server takes beacons, and none stored after it.
@Suite struct ScanBoundTests {
    @Test(arguments: ["sqlite", "memory"])
    func aScanStopsAtItsBound(store kind: String) async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store: any BeaconScanning = kind == "sqlite" ? try SQLiteStore(directory: directory) : InMemoryStore()
        #expect(try await store.scanBound() == 0)
        try await store.append((0..<250).map { view(at: 1_795_000_000 + Int64($0), session: "a\($0)") })
        let bound = try await store.scanBound()
        try await store.append((0..<100).map { view(at: 1_795_000_000 + Int64($0), session: "b\($0)") })
        let scanned = Mutex<[String]>([])
        try await store.scan(batchSize: 40, through: bound) { batch in scanned.withLock { $0 += batch.map(\.sessionId) } }
        #expect(scanned.withLock { $0 } == (0..<250).map { "a\($0)" })
        let all = Mutex(0)
        try await store.scan(batchSize: 40) { batch in all.withLock { $0 += batch.count } }
        #expect(all.withLock { $0 } == 350)
    }
}
