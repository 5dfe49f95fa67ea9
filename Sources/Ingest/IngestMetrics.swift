public import Beacon
public import CoreMetrics

/// The ingestion counters, created against an explicit metrics factory so that each server
/// (and each test) has its own registry.
public struct IngestMetrics: Sendable {
    public let accepted: Counter
    public let stored: Counter
    public let flushes: Counter
    public let flushErrors: Counter
    public let flushSize: Recorder
    public let flushDuration: Timer
    public let bufferDepth: Gauge
    private let rejectedByReason: [RejectionReason: Counter]

    public init(factory: any MetricsFactory) {
        accepted = Counter(label: "beacons_accepted_total", factory: factory)
        stored = Counter(label: "beacons_stored_total", factory: factory)
        flushes = Counter(label: "write_buffer_flushes_total", factory: factory)
        flushErrors = Counter(label: "write_buffer_flush_errors_total", factory: factory)
        flushSize = Recorder(label: "write_buffer_flush_size", dimensions: [], aggregate: true, factory: factory)
        flushDuration = Timer(label: "write_buffer_flush_duration", dimensions: [], factory: factory)
        bufferDepth = Gauge(label: "write_buffer_depth", factory: factory)
        var rejected: [RejectionReason: Counter] = [:]
        for reason in RejectionReason.allCases {
            rejected[reason] = Counter(label: "beacons_rejected_total", dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        rejectedByReason = rejected
    }

    public func rejected(_ reason: RejectionReason, count: Int = 1) {
        rejectedByReason[reason]?.increment(by: count)
    }
}
