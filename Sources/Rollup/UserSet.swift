/// An exact set of user numbers, compact at every size and cheap to merge: the unique-user state
/// of a rollup row. Users are numbered per partner in the order they first appear (see
/// ``UserNumbers``), so the viewers of one event sit close together.
///
/// The numbers are split into chunks of 65,536 by their high 16 bits. A chunk with at most 4,096
/// members is a sorted array of their low 16 bits (2 bytes a member); a fuller one is a bitmap of
/// 8 KiB. So 100 viewers cost about 200 bytes and 100,000 viewers numbered close together 16 to
/// 24 KiB, and a union is a merge of arrays or an OR of words — never a sketch, so counts stay exact.
public struct UserSet: Sendable, Equatable {
    /// Equal members, whatever the chunks' kinds: a union may hold as a bitmap what inserts hold
    /// as an array.
    public static func == (lhs: UserSet, rhs: UserSet) -> Bool {
        lhs.keys == rhs.keys && lhs.count == rhs.count && lhs.members == rhs.members
    }

    enum Chunk: Sendable, Equatable {
        /// Sorted, distinct, at most ``UserSet/arrayLimit`` members.
        case array([UInt16])
        /// 1,024 words, and how many bits are set.
        case bitmap([UInt64], count: Int)

        var count: Int {
            switch self {
            case .array(let values): values.count
            case .bitmap(_, let count): count
            }
        }
    }

    /// Past this many members a chunk is a bitmap: the size where an array outgrows 8 KiB.
    static let arrayLimit = 4_096
    static let wordsPerBitmap = 1_024

    var keys: [UInt16] = []
    var chunks: [Chunk] = []

    public init() {}

    public init(_ values: some Sequence<UInt32>) {
        for value in values { insert(value) }
    }

    public var count: Int { chunks.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { chunks.isEmpty }

    public func contains(_ value: UInt32) -> Bool {
        guard let index = position(of: UInt16(value >> 16)).found else { return false }
        let low = UInt16(truncatingIfNeeded: value)
        switch chunks[index] {
        case .array(let values): return Self.search(values, low).found != nil
        case .bitmap(let words, _): return words[Int(low >> 6)] & (1 << UInt64(low & 63)) != 0
        }
    }

    /// Adds `value`; true when it was not there yet.
    @discardableResult
    public mutating func insert(_ value: UInt32) -> Bool {
        let key = UInt16(value >> 16)
        let low = UInt16(truncatingIfNeeded: value)
        let (found, at) = position(of: key)
        guard let index = found else {
            keys.insert(key, at: at)
            chunks.insert(.array([low]), at: at)
            return true
        }
        // Moved out of `chunks` first, so the members are uniquely referenced and change in place.
        var chunk = chunks[index]
        chunks[index] = Self.placeholder
        defer { chunks[index] = chunk }
        switch chunk {
        case .array(var values):
            let (present, slot) = Self.search(values, low)
            guard present == nil else { return false }
            chunk = Self.placeholder
            values.insert(low, at: slot)
            chunk = values.count > Self.arrayLimit ? Self.bitmap(values) : .array(values)
        case .bitmap(var words, let count):
            let bit: UInt64 = 1 << UInt64(low & 63)
            guard words[Int(low >> 6)] & bit == 0 else { return false }
            chunk = Self.placeholder
            words[Int(low >> 6)] |= bit
            chunk = .bitmap(words, count: count + 1)
        }
        return true
    }

    public mutating func formUnion(_ other: UserSet) {
        if keys.isEmpty {
            self = other
            return
        }
        var i = 0
        for (key, chunk) in zip(other.keys, other.chunks) {
            while i < keys.count && keys[i] < key { i += 1 }
            if i < keys.count && keys[i] == key {
                var mine = chunks[i]
                chunks[i] = Self.placeholder
                Self.merge(&mine, chunk)
                chunks[i] = mine
            } else {
                keys.insert(key, at: i)
                chunks.insert(chunk, at: i)
            }
            i += 1
        }
    }

    public func union(_ other: UserSet) -> UserSet {
        var result = self
        result.formUnion(other)
        return result
    }

    /// Every member, ascending.
    public var members: [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(count)
        for (key, chunk) in zip(keys, chunks) {
            let high = UInt32(key) << 16
            switch chunk {
            case .array(let values):
                for low in values { result.append(high | UInt32(low)) }
            case .bitmap(let words, _):
                for (index, word) in words.enumerated() where word != 0 {
                    var rest = word
                    while rest != 0 {
                        result.append(high | UInt32(index * 64 + rest.trailingZeroBitCount))
                        rest &= rest - 1
                    }
                }
            }
        }
        return result
    }

    // MARK: - chunks

    private func position(of key: UInt16) -> (found: Int?, at: Int) {
        Self.search(keys, key)
    }

    /// Binary search in a sorted array: the index of `value` if present, and where it would go.
    static func search(_ values: [UInt16], _ value: UInt16) -> (found: Int?, at: Int) {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low < values.count && values[low] == value ? low : nil, low)
    }

    static func bitmap(_ values: [UInt16]) -> Chunk {
        var words = [UInt64](repeating: 0, count: wordsPerBitmap)
        for value in values { words[Int(value >> 6)] |= 1 << UInt64(value & 63) }
        return .bitmap(words, count: values.count)
    }

    static let placeholder = Chunk.array([])

    /// Adds `other`'s members to `chunk`, in place when `chunk` is a bitmap. A union that would
    /// hold more than a quarter of the array limit becomes a bitmap at once: unions accumulate
    /// (a report merges many cells), and growing arrays would be copied at every step.
    static func merge(_ chunk: inout Chunk, _ other: Chunk) {
        switch (chunk, other) {
        case (.bitmap(var words, _), .bitmap(let theirs, _)):
            chunk = placeholder
            var count = 0
            for index in 0..<wordsPerBitmap {
                words[index] |= theirs[index]
                count += words[index].nonzeroBitCount
            }
            chunk = .bitmap(words, count: count)
        case (.bitmap(var words, var count), .array(let values)):
            chunk = placeholder
            setBits(values, in: &words, count: &count)
            chunk = .bitmap(words, count: count)
        case (.array(let values), .bitmap(var words, var count)):
            setBits(values, in: &words, count: &count)
            chunk = .bitmap(words, count: count)
        case (.array(let left), .array(let right)):
            if left.count + right.count > arrayLimit / 4 {
                var words = [UInt64](repeating: 0, count: wordsPerBitmap)
                var count = 0
                setBits(left, in: &words, count: &count)
                setBits(right, in: &words, count: &count)
                chunk = .bitmap(words, count: count)
            } else {
                chunk = .array(merge(left, right))
            }
        }
    }

    private static func setBits(_ values: [UInt16], in words: inout [UInt64], count: inout Int) {
        for value in values {
            let bit: UInt64 = 1 << UInt64(value & 63)
            if words[Int(value >> 6)] & bit == 0 {
                words[Int(value >> 6)] |= bit
                count += 1
            }
        }
    }

    /// Two sorted arrays of distinct values as one.
    static func merge(_ left: [UInt16], _ right: [UInt16]) -> [UInt16] {
        var result: [UInt16] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if left[i] < right[j] {
                result.append(left[i])
                i += 1
            } else if right[j] < left[i] {
                result.append(right[j])
                j += 1
            } else {
                result.append(left[i])
                i += 1
                j += 1
            }
        }
        result.append(contentsOf: left[i...])
        result.append(contentsOf: right[j...])
        return result
    }
}
