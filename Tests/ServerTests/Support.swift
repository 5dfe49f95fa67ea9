import Foundation
import Hummingbird
import HummingbirdTesting
import Ingest
import Logging
import SQLiteStore
import Server
import Store

/// A server on a fresh SQLite folder, with a flush interval short enough for tests to wait on.
struct TestServer {
    let directory: String
    let store: SQLiteStore
    let server: WebcastServer

    init(directory: String? = nil, backfillToken: String? = nil, maxBatchBodyBytes: Int = 8 << 20) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("webcast-http-\(UUID().uuidString)").path
        self.directory = directory
        store = try SQLiteStore(directory: directory)
        var configuration = ServerConfiguration(port: 0, backfillToken: backfillToken, maxBatchBodyBytes: maxBatchBodyBytes)
        configuration.writeBuffer.flushInterval = .milliseconds(50)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        server = WebcastServer(configuration: configuration, store: store, partners: store, logger: logger)
    }

    func stored(partner: Int = 42) async throws -> Int {
        try await store.count(BeaconFilter(partnerId: partner))
    }

    /// Waits for the write buffer's interval flush to reach the file; generous because a busy CI
    /// machine can hold both cooperative threads for seconds, and an early success returns at once.
    func waitForStored(_ expected: Int, partner: Int = 42) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        var count = try await stored(partner: partner)
        while count < expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            count = try await stored(partner: partner)
        }
        return count
    }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: self).utf8))) as? [String: Any] ?? [:]
    }

    var errorBody: [String: Any] { json["error"] as? [String: Any] ?? [:] }
}

/// The value of one Prometheus sample line, e.g. `beacons_rejected_total{reason="too_long"}`.
func metric(_ name: String, in text: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.dropFirst(name.count + 1))
    }
    return nil
}

let kavaQuery = "service=analytics&action=trackEvent&eventType=99&partnerId=42&entryId=1_abcd&sessionId=9f3c2e1a-77b1:0c4d"
let kavaBody =
    #"{"eventIndex":3,"playbackType":"live","position":-2.5,"playTimeSum":20,"bufferTime":0.5,"bufferTimeSum":0.5,"actualBitrate":1500,"soundMode":2,"tabMode":2,"screenMode":1,"referrer":"aHR0cHM6Ly9leGFtcGxlLmNvbS90b3duaGFsbA==","clientVer":"3.17.0","apiVersion":"3.3.0","format":1}"#
let iPhoneSafari =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
