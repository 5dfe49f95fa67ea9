import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Store

/// Deletes the beacons older than the retention when the server starts and then every
/// `interval`: a day at 100,000 viewers is 860 million beacons, which no laptop keeps for long.
struct RetentionService: Service {
    let store: any BeaconRetention
    let days: Int
    let interval: Duration
    let logger: Logger
    let deleted: Counter

    init(store: any BeaconRetention, days: Int, interval: Duration, metrics: any MetricsFactory, logger: Logger) {
        self.store = store
        self.days = days
        self.interval = interval
        self.logger = logger
        deleted = Counter(label: "retention_deleted_beacons_total", factory: metrics)
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await deleteExpired(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func deleteExpired(nowMs: Int64) async {
        let firstKept = BeaconRetentionDay.firstKept(days: days, nowMs: nowMs)
        let started = ContinuousClock.now
        do {
            // A shutdown stops it between two transactions; the next start deletes the rest.
            let count = try await cancelWhenGracefulShutdown { try await store.deleteDays(before: firstKept) }
            deleted.increment(by: count)
            let seconds = (ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))
            logger.info(
                "retention",
                metadata: ["deleted": "\(count)", "before": "\(BeaconRetentionDay.name(of: firstKept))", "seconds": "\(seconds)"]
            )
        } catch is CancellationError {
            logger.info("retention stopped by shutdown")
        } catch {
            // The next pass tries again; the beacons it could not delete are still correct data.
            logger.error("retention failed", metadata: ["error": "\(error)"])
        }
    }
}
