import Store

extension RollupEvaluation {
    /// The rows, in the stores' order (by bucket, then dimension values); `userKeys` names the
    /// user numbers of a per-user query and `userRanks` gives their order.
    func columns(userKeys: [String] = [], userRanks: [UInt32] = []) -> AggregationColumns {
        let order = canonicalOrder(userRanks: userRanks)
        let readers = plan.readers.count
        let count = order.count
        var buckets: [Int64?] = []
        buckets.reserveCapacity(count)
        var dimensions = plan.dimensions.map { _ in [String](repeating: "", count: count) }
        var columns = (0..<readers).map { _ in [Double](repeating: 0, count: count) }
        let counted = plan.readers.map(\.read.isUsers)
        // One pass in row order, reading each group's key and values once: at 100,000 rows in
        // an order unrelated to the groups', every read is a cache miss.
        for (place, number) in order.enumerated() {
            let key = groupKeys[number]
            buckets.append(key.bucket)
            for (index, dimension) in plan.dimensions.enumerated() {
                switch dimension {
                case .userKey: dimensions[index][place] = userKeys[Int(key.user)]
                case .userId: dimensions[index][place] = key.known ? userKeys[Int(key.user)] : ""
                default: dimensions[index][place] = dimensionValues[key.dimensions][index]
                }
            }
            let base = number * readers
            for index in 0..<readers {
                columns[index][place] = counted[index] ? Double(users[base + index].count) : values[base + index]
            }
        }
        return AggregationColumns(bucketStarts: buckets, dimensions: dimensions, values: columns)
    }

    /// What rows sort by: the bucket and the first dimension's place among its values, side by
    /// side, so that sorting 100,000 of them reads no other memory but for ties.
    private struct SortKey {
        var bucket: Int64
        var first: Int64
        var group: Int
    }

    /// Group numbers by bucket, then by each dimension's place among its values: integers
    /// compared instead of strings, which a user list of 100,000 rows would compare 1.7 million
    /// times. An unknown user id is "", before every known one.
    private func canonicalOrder(userRanks: [UInt32]) -> [Int] {
        let width = plan.dimensions.count
        let valueRanks = dimensionRanks()
        var ranks = [Int64](repeating: 0, count: groupKeys.count * width)
        for (number, key) in groupKeys.enumerated() {
            for (index, dimension) in plan.dimensions.enumerated() {
                ranks[number * width + index] =
                    switch dimension {
                    case .userKey: Int64(userRanks[Int(key.user)])
                    case .userId: key.known ? Int64(userRanks[Int(key.user)]) + 1 : 0
                    default: valueRanks[key.dimensions * width + index]
                    }
            }
        }
        var keys = groupKeys.enumerated().map { number, key in
            SortKey(bucket: key.bucket ?? .min, first: width > 0 ? ranks[number * width] : 0, group: number)
        }
        ranks.withUnsafeBufferPointer { ranks in
            keys.sort { lhs, rhs in
                if lhs.bucket != rhs.bucket { return lhs.bucket < rhs.bucket }
                if lhs.first != rhs.first { return lhs.first < rhs.first }
                for index in 1..<max(1, width) where ranks[lhs.group * width + index] != ranks[rhs.group * width + index] {
                    return ranks[lhs.group * width + index] < ranks[rhs.group * width + index]
                }
                return false
            }
        }
        return keys.map(\.group)
    }

    /// Per distinct dimension values (as numbered in `dimensionValues`) and dimension: the
    /// value's place among that dimension's values.
    private func dimensionRanks() -> [Int64] {
        let width = plan.dimensions.count
        var ranks = [Int64](repeating: 0, count: dimensionValues.count * width)
        for index in 0..<width {
            let sorted = Set(dimensionValues.map { $0[index] }).sorted()
            let places = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int64($0)) })
            for (number, values) in dimensionValues.enumerated() { ranks[number * width + index] = places[values[index]] ?? 0 }
        }
        return ranks
    }
}
