import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Server
import Testing

/// Over a real socket: what a player on the network sees, and what survives a restart.
@Suite struct LiveServerTests {
    @Test func tenThousandBeaconsSurviveARestart() async throws {
        let first = try TestServer()
        try await first.server.application.test(.live) { client in
            for index in 0..<10_000 {
                try await client.execute(
                    uri: "/api_v3/index.php?service=analytics&action=trackEvent&eventType=99&partnerId=42&entryId=1_live&sessionId=s\(index % 500)",
                    method: .get
                ) { response in
                    if response.status != .ok { Issue.record("beacon \(index): \(response.status)") }
                }
            }
        }
        // The application has stopped: its graceful shutdown flushed the buffer.
        let second = try TestServer(directory: first.directory)
        #expect(try await second.stored() == 10_000)
        try await second.server.application.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["status"] as? String == "ok")
            }
        }
        #expect(try await second.stored() == 10_000)
        try? FileManager.default.removeItem(atPath: first.directory)
    }

    /// One beacon is far from a full batch, so only the flush interval can write it while the server runs.
    @Test func anAcknowledgedBeaconReachesTheFileWhileTheServerRuns() async throws {
        let test = try TestServer()
        try await test.server.application.test(.live) { client in
            try await client.execute(
                uri: "/api_v3/index.php?\(kavaQuery)",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: kavaBody)
            ) {
                #expect($0.status == .ok)
            }
            #expect(try await test.waitForStored(1) == 1)
        }
    }
}
