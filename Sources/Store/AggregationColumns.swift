/// The rows of an ``AggregationQuery`` as columns, in the same order: one array per dimension and
/// per aggregation instead of two per row.
public struct AggregationColumns: Sendable, Equatable {
    public var bucketStarts: [Int64?]
    /// One column per query dimension, in the query's order.
    public var dimensions: [[String]]
    /// One column per aggregation, in the query's order.
    public var values: [[Double]]

    public var count: Int { bucketStarts.count }

    public init(bucketStarts: [Int64?], dimensions: [[String]], values: [[Double]]) {
        self.bucketStarts = bucketStarts
        self.dimensions = dimensions
        self.values = values
    }

    public init(_ rows: [AggregationRow], query: AggregationQuery) {
        bucketStarts = rows.map(\.bucketStart)
        dimensions = query.dimensions.indices.map { index in rows.map { $0.dimensions[index] } }
        values = query.aggregations.indices.map { index in rows.map { $0.values[index] } }
    }

    public var rows: [AggregationRow] {
        bucketStarts.indices.map { row in
            AggregationRow(bucketStart: bucketStarts[row], dimensions: dimensions.map { $0[row] }, values: values.map { $0[row] })
        }
    }

    /// The rows `isIncluded` keeps, in order.
    public func filter(_ isIncluded: (Int) -> Bool) -> AggregationColumns {
        let kept = bucketStarts.indices.filter(isIncluded)
        return AggregationColumns(
            bucketStarts: kept.map { bucketStarts[$0] },
            dimensions: dimensions.map { column in kept.map { column[$0] } },
            values: values.map { column in kept.map { column[$0] } }
        )
    }
}
