import Beacon
import Store

/// The distinct aggregations a set of metrics needs, asked of the store once, and where each
/// metric finds its inputs among them.
struct MetricPlan: Sendable {
    var metrics: [Metric]
    var aggregations: [Aggregation] = []
    private var inputIndices: [[Int]] = []

    init(_ metrics: [Metric]) {
        self.metrics = metrics
        for metric in metrics {
            inputIndices.append(
                metric.inputs.map { input in
                    if let index = aggregations.firstIndex(of: input) { return index }
                    aggregations.append(input)
                    return aggregations.count - 1
                }
            )
        }
    }

    /// Each metric's value from one row of aggregated values (nil: a group with no beacons).
    func values(_ row: [Double]?, bucketUnits: Double) -> [Double] {
        metrics.indices.map { index in
            metrics[index].value(inputIndices[index].map { row?[$0] ?? 0 }, bucketUnits: bucketUnits)
        }
    }

    /// Event types the aggregations read, so the store can skip every other beacon.
    var eventTypes: Set<EventType> {
        var types: Set<EventType> = []
        for aggregation in aggregations {
            if let predicate = aggregation.predicate { Self.collect(predicate, into: &types) }
        }
        return types
    }

    private static func collect(_ predicate: Predicate, into types: inout Set<EventType>) {
        switch predicate {
        case .eventType(let type): types.insert(type)
        case .all(let predicates): predicates.forEach { collect($0, into: &types) }
        default: break
        }
    }
}
