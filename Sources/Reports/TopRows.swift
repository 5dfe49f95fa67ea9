extension TableRows {
    /// The first `limit` indices of `keys` in order (ties by index), as a full sort would give
    /// them. A page of 500 out of 100,000 rows does not sort the other 99,500: the page's last
    /// key is selected in linear time, and only the rows up to it are sorted.
    static func first(_ limit: Int, of keys: [Double], descending: Bool) -> [Int] {
        func before(_ lhs: Int, _ rhs: Int) -> Bool {
            if keys[lhs] != keys[rhs] { return descending ? keys[rhs] < keys[lhs] : keys[lhs] < keys[rhs] }
            return lhs < rhs
        }
        guard limit > 0 else { return [] }
        guard limit <= keys.count / 4 else { return Array(keys.indices.sorted(by: before).prefix(limit)) }
        // Selecting the smallest of the negated keys is selecting the largest.
        var scratch = descending ? keys.map { -$0 } : keys
        let last = descending ? -select(limit - 1, in: &scratch) : select(limit - 1, in: &scratch)
        var chosen: [Int] = []
        var tied: [Int] = []
        for index in keys.indices {
            let key = keys[index]
            if key == last {
                tied.append(index)
            } else if descending ? key > last : key < last {
                chosen.append(index)
            }
        }
        // Fewer than `limit` keys come strictly before the last one; ties go by index.
        chosen += tied.prefix(limit - chosen.count)
        return chosen.sorted(by: before)
    }

    /// The `k`-th smallest value (from 0), reordering `values` (Hoare's selection).
    static func select(_ k: Int, in values: inout [Double]) -> Double {
        values.withUnsafeMutableBufferPointer { values in
            var low = 0
            var high = values.count - 1
            while low < high {
                let middle = low + (high - low) / 2
                let pivot = median(values[low], values[middle], values[high])
                var left = low
                var right = high
                while left <= right {
                    while values[left] < pivot { left += 1 }
                    while values[right] > pivot { right -= 1 }
                    if left <= right {
                        values.swapAt(left, right)
                        left += 1
                        right -= 1
                    }
                }
                // [low, right] ≤ pivot, [left, high] ≥ pivot, and between them the pivot itself.
                if k <= right {
                    high = right
                } else if k >= left {
                    low = left
                } else {
                    return values[k]
                }
            }
            return values[k]
        }
    }

    private static func median(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
