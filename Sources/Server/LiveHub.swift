import Foundation
import LiveState
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization

/// Fans one snapshot per entry per tick out to every open pane of that entry: the snapshot is
/// computed and encoded once, however many panes watch, so a pane costs only the sending.
final class LiveHub: Service, Sendable {
    struct Key: Hashable, Sendable {
        var partnerId: Int
        var entryId: String
    }

    typealias Stream = AsyncStream<ByteBuffer>

    let board: LiveBoard
    let tick: Duration
    private let panes = Mutex<[Key: [UUID: Stream.Continuation]]>([:])
    private let computed: Counter
    private let sent: Counter

    init(board: LiveBoard, tick: Duration = .seconds(1), metrics: any MetricsFactory) {
        self.board = board
        self.tick = tick
        computed = Counter(label: "live_snapshots_computed_total", factory: metrics)
        sent = Counter(label: "live_snapshots_sent_total", factory: metrics)
    }

    /// A stream of encoded server-sent events for one pane; ends when the pane goes away, or when
    /// `continuation.finish()` is called.
    func subscribe(partnerId: Int, entryId: String) -> (stream: Stream, continuation: Stream.Continuation) {
        let key = Key(partnerId: partnerId, entryId: entryId)
        let id = UUID()
        // A pane that cannot keep up gets the newest ticks; old ones are worthless.
        let (stream, continuation) = Stream.makeStream(bufferingPolicy: .bufferingNewest(4))
        continuation.onTermination = { [weak self] _ in
            self?.panes.withLock { panes in
                panes[key]?[id] = nil
                if panes[key]?.isEmpty == true { panes[key] = nil }
            }
        }
        panes.withLock { $0[key, default: [:]][id] = continuation }
        return (stream, continuation)
    }

    func run() async throws {
        var ticks = 0
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
                broadcast(nowMs: nowMs)
                ticks += 1
                if ticks % 60 == 0 { board.forget(nowMs: nowMs) }
                try? await Task.sleep(for: tick)
            }
        } onGracefulShutdown: { [self] in
            panes.withLock { panes in
                for continuation in panes.values.flatMap(\.values) { continuation.finish() }
                panes = [:]
            }
        }
    }

    func broadcast(nowMs: Int64) {
        let watched = panes.withLock { $0.mapValues { Array($0.values) } }
        for (key, continuations) in watched {
            let snapshot =
                board.snapshot(partnerId: key.partnerId, entryId: key.entryId, nowMs: nowMs, seriesSeconds: 30)
                ?? .empty(entryId: key.entryId, nowMs: nowMs)
            let event = Self.event(snapshot)
            computed.increment()
            for continuation in continuations { continuation.yield(event) }
            sent.increment(by: continuations.count)
        }
    }

    /// One server-sent event carrying the snapshot as JSON.
    static func event(_ snapshot: LiveSnapshot) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "0", negativeInfinity: "0", nan: "0")
        let json = (try? encoder.encode(snapshot)) ?? Data("{}".utf8)
        var buffer = ByteBuffer()
        buffer.writeString("event: snapshot\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }
}
