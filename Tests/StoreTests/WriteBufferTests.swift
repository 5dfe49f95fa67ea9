import Beacon
import Ingest
import Logging
import Metrics
import ServiceLifecycle
import Store
import Synchronization
import Testing

/// A store that can be told to fail, to prove the buffer keeps what it could not write.
final class FlakyStore: BeaconStore {
    let inner = InMemoryStore()
    let failing = Mutex(false)
    let appends = Mutex(0)

    func append(_ batch: [EnrichedBeacon]) async throws {
        appends.withLock { $0 += 1 }
        if failing.withLock({ $0 }) { throw Unavailable() }
        try await inner.append(batch)
    }

    func aggregate(_ query: AggregationQuery) async throws -> [AggregationRow] { try await inner.aggregate(query) }
    func count(_ filter: BeaconFilter) async throws -> Int { try await inner.count(filter) }
    func beacons(_ filter: BeaconFilter, limit: Int) async throws -> [EnrichedBeacon] { try await inner.beacons(filter, limit: limit) }

    struct Unavailable: Error {}
}

func makeBuffer(
    _ store: any BeaconStore,
    maxBatch: Int = 5_000,
    interval: Duration = .seconds(60),
    capacity: Int = 1_000_000,
    maxBackoff: Duration = .seconds(5)
) -> WriteBuffer {
    WriteBuffer(
        store: store,
        configuration: .init(maxBatch: maxBatch, flushInterval: interval, capacity: capacity, maxBackoff: maxBackoff),
        metrics: IngestMetrics(factory: NOOPMetricsHandler.instance),
        logger: Logger(label: "test")
    )
}

func rows(_ count: Int) -> [EnrichedBeacon] {
    (0..<count).map { view(at: 1_795_000_000, session: "s\($0)") }
}

/// Waits for `condition`, checking every 10 ms, for at least `timeout` and at least 300 checks.
/// The count matters on a busy 2-core CI machine: other suites can hold both cooperative threads
/// for many seconds, starving the work being waited for and the clock check alike, so a deadline
/// alone can pass without the work ever having had a turn. A condition that holds returns at once.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    var checks = 0
    while ContinuousClock.now < deadline || checks < 300 {
        if try await condition() { return true }
        checks += 1
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

@Suite struct WriteBufferTests {
    let all = BeaconFilter(partnerId: 42)

    @Test func aFullBatchIsWrittenWithoutWaitingForTheInterval() async throws {
        let store = InMemoryStore()
        let buffer = makeBuffer(store, maxBatch: 100)
        try await buffer.append(rows(99))
        #expect(try await store.count(all) == 0)
        try await buffer.append(rows(1))
        #expect(try await store.count(all) == 100)
    }

    @Test func theIntervalFlushesAPartialBatch() async throws {
        let store = InMemoryStore()
        let buffer = makeBuffer(store, interval: .milliseconds(50))
        let group = ServiceGroup(services: [buffer], logger: Logger(label: "test"))
        async let running: Void = group.run()
        try await buffer.append(rows(3))
        #expect(try await eventually { try await store.count(all) == 3 })
        await group.triggerGracefulShutdown()
        try await running
    }

    /// A store that is down is retried with a growing backoff, not at every tick, and the rows are
    /// written once it is back.
    @Test func aFailingStoreIsRetriedWithBackoff() async throws {
        let store = FlakyStore()
        store.failing.withLock { $0 = true }
        let buffer = makeBuffer(store, maxBatch: 10, interval: .milliseconds(10), maxBackoff: .milliseconds(160))
        let group = ServiceGroup(services: [buffer], logger: Logger(label: "test"))
        async let running: Void = group.run()
        try await buffer.append(rows(25))
        try await Task.sleep(for: .seconds(1))
        // Every 10 ms would be about 100 tries; the backoff (20, 40, 80, 160, 160 … ms) allows about 10.
        let tries = store.appends.withLock { $0 }
        #expect(tries >= 1 && tries <= 14, "\(tries) tries in a second")
        #expect(await buffer.depth == 25)
        store.failing.withLock { $0 = false }
        #expect(try await eventually { try await store.count(all) == 25 })
        await group.triggerGracefulShutdown()
        try await running
    }

    @Test func gracefulShutdownWritesEverythingAcknowledged() async throws {
        let store = InMemoryStore()
        let buffer = makeBuffer(store, maxBatch: 1_000)
        let group = ServiceGroup(services: [buffer], logger: Logger(label: "test"))
        async let running: Void = group.run()
        try await buffer.append(rows(999))
        #expect(try await store.count(all) == 0, "a partial batch waits for the interval")
        await group.triggerGracefulShutdown()
        try await running
        #expect(try await store.count(all) == 999)
    }

    @Test func beyondCapacityNewBeaconsAreRefusedNotOldOnesDropped() async throws {
        let store = FlakyStore()
        store.failing.withLock { $0 = true }
        let buffer = makeBuffer(store, maxBatch: 10, capacity: 25)
        try await buffer.append(rows(20))
        await #expect(throws: WriteBuffer.Full.self) { try await buffer.append(rows(10)) }
        #expect(await buffer.depth == 20)
        store.failing.withLock { $0 = false }
        await buffer.flush()
        #expect(try await store.count(all) == 20)
    }

    @Test func aFailedFlushKeepsItsRowsForTheNextOne() async throws {
        let store = FlakyStore()
        let buffer = makeBuffer(store, maxBatch: 1_000)
        try await buffer.append(rows(7))
        store.failing.withLock { $0 = true }
        await buffer.flush()
        #expect(await buffer.depth == 7)
        store.failing.withLock { $0 = false }
        await buffer.flush()
        #expect(try await store.count(all) == 7)
        #expect(await buffer.depth == 0)
    }
}
