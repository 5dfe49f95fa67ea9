/// A metric's arithmetic over its aggregated inputs, kept as data so that it can be printed,
/// compared and tested without a store.
public indirect enum Formula: Sendable, Equatable {
    /// The value of the metric's n-th input aggregation.
    case input(Int)
    case constant(Double)
    case add(Formula, Formula)
    case multiply(Formula, Formula)
    /// Division as Druid does it: a zero denominator gives 0, never NaN or infinity.
    case divide(Formula, Formula)
    /// How many 10-second periods one bucket spans (dynamic "viewers" metrics divide by it).
    case bucketUnits

    public func evaluate(_ inputs: [Double], bucketUnits units: Double = 1) -> Double {
        evaluate(bucketUnits: units) { inputs[$0] }
    }

    /// The value with each input read where it lies, so that a table of 100,000 rows builds no
    /// input array per row.
    func evaluate(bucketUnits units: Double, input: (Int) -> Double) -> Double {
        switch self {
        case .input(let index): input(index)
        case .constant(let value): value
        case .add(let lhs, let rhs): lhs.evaluate(bucketUnits: units, input: input) + rhs.evaluate(bucketUnits: units, input: input)
        case .multiply(let lhs, let rhs):
            lhs.evaluate(bucketUnits: units, input: input) * rhs.evaluate(bucketUnits: units, input: input)
        case .divide(let lhs, let rhs):
            Self.safeDivide(lhs.evaluate(bucketUnits: units, input: input), rhs.evaluate(bucketUnits: units, input: input))
        case .bucketUnits: units
        }
    }

    static func safeDivide(_ numerator: Double, _ denominator: Double) -> Double {
        denominator == 0 ? 0 : numerator / denominator
    }
}
