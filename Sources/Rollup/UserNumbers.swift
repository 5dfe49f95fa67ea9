/// Each partner's users numbered in the order they first appear, so that one event's viewers get
/// neighbouring numbers and their ``UserSet``s stay dense.
struct UserNumbers: Sendable {
    private var numbers: [String: UInt32] = [:]
    /// The user key of each number.
    private(set) var keys: [String] = []

    var count: Int { numbers.count }

    func existing(_ userKey: String) -> UInt32? { numbers[userKey] }

    mutating func number(_ userKey: String) -> UInt32 {
        if let number = numbers[userKey] { return number }
        let number = UInt32(numbers.count)
        numbers[userKey] = number
        keys.append(userKey)
        return number
    }
}
