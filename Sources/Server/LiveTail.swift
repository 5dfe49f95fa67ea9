import Foundation
import LiveState
import Logging
import Metrics
import ServiceLifecycle
import Store

/// Feeds the live board from a store that several servers share, so each server's pane shows the
/// whole audience and not only the beacons it took itself.
///
/// Each tick reads the heartbeats stored with times in `[read, now - lag)` and moves `read` on: every
/// row is read once. `lag` covers the time a row takes to reach the store (the write buffer's flush
/// interval plus the insert); a row stored later than that is in the reports but not on the live pane.
final class LiveTail: Service, Sendable {
    let source: any LiveSource
    let board: LiveBoard
    let tick: Duration
    let lagMs: Int64
    let logger: Logger
    private let read: Counter
    private let failures: Counter

    init(source: any LiveSource, board: LiveBoard, tick: Duration, lag: Duration, metrics: any MetricsFactory, logger: Logger) {
        self.source = source
        self.board = board
        self.tick = tick
        lagMs = lag.components.seconds * 1000 + lag.components.attoseconds / 1_000_000_000_000_000
        self.logger = logger
        read = Counter(label: "live_tail_beacons_total", factory: metrics)
        failures = Counter(label: "live_tail_errors_total", factory: metrics)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // A server that starts during an event shows the viewers and graph of the last minutes.
            var from = Self.nowMs() - LiveBoard.forgetAfterMs
            while !Task.isCancelled {
                let to = Self.nowMs() - self.lagMs
                if to > from {
                    do {
                        let views = try await self.source.liveViews(in: from..<to)
                        self.board.record(views)
                        self.read.increment(by: views.count)
                        from = to
                    } catch {
                        // The same window is read again at the next tick.
                        self.failures.increment()
                        self.logger.warning("live tail could not read the store", metadata: ["error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: self.tick)
            }
        }
    }

    private static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
