/// Each user number's place among a partner's user keys in string order, kept between queries and
/// extended as users arrive. Rows are returned sorted by their dimension values; with this a user
/// list of 100,000 rows compares integers, and the keys are sorted once, not on every query.
struct UserOrder: Sendable {
    /// By user number: its place in key order.
    private(set) var ranks: [UInt32] = []
    /// User numbers in key order.
    private var sorted: [UInt32] = []

    /// Takes in the users numbered since the last update: sorts them and merges them in.
    mutating func update(_ keys: [String]) {
        guard sorted.count < keys.count else { return }
        let fresh = (sorted.count..<keys.count).map(UInt32.init).sorted { keys[Int($0)] < keys[Int($1)] }
        var merged: [UInt32] = []
        merged.reserveCapacity(keys.count)
        var old = 0
        var new = 0
        while old < sorted.count, new < fresh.count {
            if keys[Int(fresh[new])] < keys[Int(sorted[old])] {
                merged.append(fresh[new])
                new += 1
            } else {
                merged.append(sorted[old])
                old += 1
            }
        }
        merged += sorted[old...]
        merged += fresh[new...]
        sorted = merged
        ranks = Array(repeating: 0, count: keys.count)
        for (rank, user) in sorted.enumerated() { ranks[Int(user)] = UInt32(rank) }
    }
}
