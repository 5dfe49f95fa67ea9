import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Simulator

/// Sends simulated beacons the two ways players and collectors do: one KAVA request per beacon at
/// its time, or NDJSON batches with trusted event times. With several servers, requests take turns.
struct BeaconSender {
    let baseURLs: [String]
    let concurrency: Int

    /// The server for the `index`th request.
    private func root(_ index: Int) -> String {
        let url = baseURLs[index % baseURLs.count]
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    func sendLive(_ beacons: [SimulatedBeacon], progress: Progress) async throws {
        guard let first = beacons.first else { return }
        let offset = Date().timeIntervalSince1970 - first.time
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for (index, beacon) in beacons.enumerated() {
                let due = beacon.time + offset - Date().timeIntervalSince1970
                if due > 0.005 { try await Task.sleep(for: .milliseconds(Int(due * 1000))) }
                if inFlight >= concurrency {
                    try await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask { await send(beacon, to: root(index), progress: progress) }
                progress.tick(simulatedTime: beacon.time)
            }
            try await group.waitForAll()
        }
    }

    private func send(_ beacon: SimulatedBeacon, to root: String, progress: Progress) async {
        var components = URLComponents()
        components.queryItems =
            [URLQueryItem(name: "service", value: "analytics"), URLQueryItem(name: "action", value: "trackEvent")]
            + beacon.parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        var request = HTTPClientRequest(url: "\(root)/api_v3/index.php?\(components.percentEncodedQuery ?? "")")
        request.headers.add(name: "User-Agent", value: beacon.userAgent)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 16)
            progress.sent(1, ok: response.status == .ok)
        } catch {
            progress.sent(1, ok: false)
        }
    }

    func sendBatches(_ beacons: [SimulatedBeacon], authorization: String, progress: Progress) async throws {
        let chunks = stride(from: 0, to: beacons.count, by: 5000).map { Array(beacons[$0..<min(beacons.count, $0 + 5000)]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for (index, chunk) in chunks.enumerated() {
                if inFlight >= max(1, min(concurrency, 4)) {
                    try await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask { try await sendBatch(chunk, to: root(index), authorization: authorization, progress: progress) }
            }
            try await group.waitForAll()
        }
    }

    private func sendBatch(_ chunk: [SimulatedBeacon], to root: String, authorization: String, progress: Progress) async throws {
        var body = ByteBuffer()
        body.reserveCapacity(chunk.count * 600)
        for beacon in chunk { NDJSONLine.write(beacon, into: &body) }
        var request = HTTPClientRequest(url: "\(root)/api/v1/beacons")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "Authorization", value: authorization)
        request.body = .bytes(body)
        for attempt in 0..<5 {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
            let reply = try await response.body.collect(upTo: 16 << 20)
            if response.status == .ok {
                let json = try JSONSerialization.jsonObject(with: Data(buffer: reply)) as? [String: Any]
                let accepted = json?["accepted"] as? Int ?? 0
                if accepted == 0, let first = (json?["rejected"] as? [[String: Any]])?.first {
                    // Nothing got in: the same reason will hold for every batch, so stop and say it.
                    throw SimulationError(message: "batch rejected: \(first["message"] as? String ?? "\(first)")")
                }
                progress.sent(accepted, ok: true)
                progress.sent(chunk.count - accepted, ok: false)
                progress.tick(simulatedTime: chunk.last!.time)
                return
            }
            if response.status == .serviceUnavailable {
                // The server's write buffer is full: back off and send the same batch again.
                try await Task.sleep(for: .milliseconds(200 << attempt))
                continue
            }
            throw SimulationError(message: "batch refused with HTTP \(response.status.code): \(String(buffer: reply).prefix(300))")
        }
        throw SimulationError(message: "batch refused 5 times: the server stayed overloaded")
    }
}

struct SimulationError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
