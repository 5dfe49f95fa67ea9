/// Each partner's users numbered in the order they first appear, so that one event's viewers get
/// neighbouring numbers and their ``UserSet``s stay dense.
struct UserNumbers: Sendable {
    private var numbers: [String: UInt32] = [:]

    var count: Int { numbers.count }

    mutating func number(_ userKey: String) -> UInt32 {
        if let number = numbers[userKey] { return number }
        let number = UInt32(numbers.count)
        numbers[userKey] = number
        return number
    }
}
