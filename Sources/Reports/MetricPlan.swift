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
        metrics.indices.map { value($0, row, bucketUnits: bucketUnits) }
    }

    /// One metric's value from one row.
    func value(_ metric: Int, _ row: [Double]?, bucketUnits: Double) -> Double {
        value(metric, bucketUnits: bucketUnits) { row?[$0] ?? 0 }
    }

    /// One metric's value, given the value of each of the plan's aggregations by index.
    func value(_ metric: Int, bucketUnits: Double, aggregation: (Int) -> Double) -> Double {
        let indices = inputIndices[metric]
        return metrics[metric].value(bucketUnits: bucketUnits) { aggregation(indices[$0]) }
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
