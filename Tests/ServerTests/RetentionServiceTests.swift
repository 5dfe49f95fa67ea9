import Beacon
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLiteStore
import Server
import Store
import Testing

/// Retention runs again every interval while the server runs, not only at its start.
@Suite struct RetentionServiceTests {
    @Test func oldBeaconsStoredWhileTheServerRunsGoAtTheNextPass() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("webcast-retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let configuration = ServerConfiguration(port: 0, retentionDays: 2, retentionInterval: .milliseconds(100))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = WebcastServer(configuration: configuration, store: store, partners: store, logger: logger)
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        let beacons = [5, 4, 3, 1, 0].flatMap { days in
            (0..<10).map {
                EnrichedBeacon(
                    timeMs: nowMs - Int64(days) * 86_400_000 - Int64($0),
                    partnerId: 42,
                    entryId: "1_e",
                    sessionId: "s\($0)",
                    eventType: .view,
                    userKey: "s\($0)"
                )
            }
        }
        let keptFrom = BeaconRetentionDay.start(of: nowMs - 2 * 86_400_000)
        let kept = beacons.filter { $0.timeMs >= keptFrom }.count
        try await server.application.test(.router) { client in
            try await store.append(beacons)
            // Generous: beside the CPU-heavy suites a pass can wait seconds for a cooperative thread.
            let deadline = ContinuousClock.now + .seconds(90)
            while try await store.count(BeaconFilter(partnerId: 42)) > kept, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await store.count(BeaconFilter(partnerId: 42)) == kept)
            // The count is incremented once the delete returns, a moment after the rows are gone.
            let expected = "retention_deleted_beacons_total \(beacons.count - kept)"
            var line: Substring?
            while line != Substring(expected), ContinuousClock.now < deadline {
                line = try await client.execute(uri: "/metrics", method: .get) { response in
                    String(buffer: response.body).split(separator: "\n").first { $0.hasPrefix("retention_deleted_beacons_total ") }
                }
                if line != Substring(expected) { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(line == Substring(expected))
        }
    }
}
