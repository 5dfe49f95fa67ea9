public import Beacon
import CoreMetrics
public import Logging
public import ServiceLifecycle
public import Store

/// Collects accepted beacons and writes them to the store in batches: when `maxBatch` are waiting
/// or every `flushInterval`, whichever comes first, and everything that is left on graceful shutdown.
///
/// Memory is bounded by `capacity`: beyond it ``append(_:)`` refuses new beacons instead of
/// dropping old ones, so an acknowledged beacon is never lost to back-pressure. While the store
/// fails, writes are retried with a backoff that doubles from `flushInterval` up to `maxBackoff`.
public actor WriteBuffer: Service {
    public struct Configuration: Sendable {
        public var maxBatch: Int
        public var flushInterval: Duration
        public var capacity: Int
        public var maxBackoff: Duration

        public init(
            maxBatch: Int = 5_000,
            flushInterval: Duration = .milliseconds(500),
            capacity: Int = 1_000_000,
            maxBackoff: Duration = .seconds(5)
        ) {
            self.maxBatch = maxBatch
            self.flushInterval = flushInterval
            self.capacity = capacity
            self.maxBackoff = maxBackoff
        }
    }

    public struct Full: Error, Sendable {}

    private let store: any BeaconStore
    private let configuration: Configuration
    private let metrics: IngestMetrics
    private let logger: Logger
    private var pending: [EnrichedBeacon] = []
    private var writing = 0
    private var failures = 0
    private var retryAt: ContinuousClock.Instant?

    public init(store: any BeaconStore, configuration: Configuration = .init(), metrics: IngestMetrics, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// Beacons waiting or being written.
    public var depth: Int { pending.count + writing }

    /// Queues the rows, all or none; flushes at once when a full batch is waiting.
    public func append(_ rows: [EnrichedBeacon]) async throws(Full) {
        guard depth + rows.count <= configuration.capacity else { throw Full() }
        pending.append(contentsOf: rows)
        metrics.bufferDepth.record(depth)
        if pending.count >= configuration.maxBatch { await flushUnlessBackingOff() }
    }

    /// A failing store is not asked again before its backoff has passed.
    private func flushUnlessBackingOff() async {
        if let retryAt, ContinuousClock.now < retryAt { return }
        await flush()
    }

    /// Writes what is waiting, in batches of at most `maxBatch`. On a store error the unwritten
    /// rows go back to the front of the queue and the next try waits for the backoff.
    public func flush() async {
        // Take the whole queue at once: trimming a large backlog batch by batch would shift it every time.
        while !pending.isEmpty {
            let taken = pending
            pending = []
            writing += taken.count
            var written = 0
            while written < taken.count {
                let batch = Array(taken[written..<min(written + configuration.maxBatch, taken.count)])
                let started = ContinuousClock.now
                do {
                    try await store.append(batch)
                } catch {
                    writing -= taken.count - written
                    pending.insert(contentsOf: taken[written...], at: 0)
                    metrics.flushErrors.increment()
                    failures += 1
                    let backoff = min(configuration.flushInterval * (1 << min(failures, 20)), configuration.maxBackoff)
                    retryAt = ContinuousClock.now + backoff
                    logger.error(
                        "write buffer flush failed; will retry",
                        metadata: ["rows": "\(depth)", "retry_in": "\(backoff)", "error": "\(error)"]
                    )
                    metrics.bufferDepth.record(depth)
                    return
                }
                if failures > 0 { logger.notice("write buffer flushes again", metadata: ["failed_attempts": "\(failures)"]) }
                failures = 0
                retryAt = nil
                written += batch.count
                writing -= batch.count
                metrics.flushes.increment()
                metrics.stored.increment(by: batch.count)
                metrics.flushSize.record(batch.count)
                let elapsed = (ContinuousClock.now - started).components
                metrics.flushDuration.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
            }
        }
        metrics.bufferDepth.record(depth)
    }

    public func run() async throws {
        let interval = configuration.flushInterval
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                await self.flushUnlessBackingOff()
            }
        }
        try await drain()
    }

    /// Flushes until empty on shutdown, retrying a failing store a few times before giving up loudly.
    private func drain() async throws {
        var attempt = 0
        while true {
            await flush()
            if pending.isEmpty {
                // A flush started by `append` may still be writing its batch.
                if writing == 0 { return }
                try? await Task.sleep(for: .milliseconds(10))
                continue
            }
            attempt += 1
            if attempt >= 5 {
                logger.critical("write buffer could not flush on shutdown", metadata: ["rows": "\(pending.count)"])
                throw StoreUnavailable(rows: pending.count)
            }
            try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }

    public struct StoreUnavailable: Error, Sendable {
        public var rows: Int
    }
}
