import Beacon
public import Store

/// One column of a report: aggregations over beacons, then a formula over their values.
///
/// ```swift
/// // view_buffer_time_ratio = Σ bufferTime of VIEWs / (VIEW count × 10)
/// Metric("view_buffer_time_ratio",
///        inputs: [.sum(.bufferTime, where: .view), .count(where: .view)],
///        formula: .divide(.input(0), .multiply(.input(1), .constant(10))))
/// ```
public struct Metric: Sendable, Equatable {
    /// How a value is rounded before it is shown, as Kaltura's `$transform_metrics` does.
    public enum Rounding: Sendable, Equatable {
        case none
        case floor
        case ceil
    }

    public var header: String
    public var inputs: [Aggregation]
    public var formula: Formula
    public var rounding: Rounding

    public init(_ header: String, inputs: [Aggregation], formula: Formula = .input(0), rounding: Rounding = .none) {
        self.header = header
        self.inputs = inputs
        self.formula = formula
        self.rounding = rounding
    }

    public func value(_ inputs: [Double], bucketUnits: Double = 1) -> Double {
        value(bucketUnits: bucketUnits) { inputs[$0] }
    }

    func value(bucketUnits: Double, input: (Int) -> Double) -> Double {
        let raw = formula.evaluate(bucketUnits: bucketUnits, input: input)
        switch rounding {
        case .none: return raw
        case .floor: return raw.rounded(.down)
        case .ceil: return raw.rounded(.up)
        }
    }
}

extension Predicate {
    /// Kaltura's realtime metrics count only the player's VIEW beacon.
    public static let view = Predicate.eventType(.view)

    public static func view(and other: Predicate) -> Predicate { .all([.view, other]) }
}
