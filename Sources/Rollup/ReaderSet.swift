/// Which of a plan's readers apply to a cell key, as bits. It is read once per cell, so it holds
/// no array: no reference counting in the loop over 100,000 users' cells.
struct ReaderSet: Sequence, IteratorProtocol, Sendable {
    static let capacity = 64

    private var bits: UInt64 = 0

    init(_ indices: some Sequence<Int>) {
        for index in indices { bits |= 1 << UInt64(index) }
    }

    mutating func next() -> Int? {
        guard bits != 0 else { return nil }
        let index = bits.trailingZeroBitCount
        bits &= bits - 1
        return index
    }
}
