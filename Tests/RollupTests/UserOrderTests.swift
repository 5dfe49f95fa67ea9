import Testing

@testable import Rollup

/// User lists are returned in user key order from ranks kept between queries: after users arrive
/// in any order and in several rounds, the ranks must be the keys' string order.
@Suite struct UserOrderTests {
    @Test func ranksFollowKeyOrderAsUsersArrive() {
        var numbers = UserNumbers()
        var order = UserOrder()
        let rounds = [["m", "b", "x"], [], ["a", "n", "bb", "z"], ["c"], ["user-10", "user-9", "user-100", "é", "E"]]
        for round in rounds {
            for key in round { _ = numbers.number(key) }
            order.update(numbers.keys)
            let expected = numbers.keys.sorted()
            #expect(order.ranks.count == numbers.keys.count)
            for (number, key) in numbers.keys.enumerated() {
                #expect(Int(order.ranks[number]) == expected.firstIndex(of: key), "\(key)")
            }
        }
    }

    @Test func packedBucketsMergeLateCells() {
        var bucket = UserBucket()
        bucket.open[UserBucket.key(cell: 2, user: 5)] = UserCellValues(count: 1, bufferTime: 1)
        bucket.open[UserBucket.key(cell: 1, user: 7)] = UserCellValues(count: 2, bufferTime: 0)
        bucket.open[UserBucket.key(cell: 1, user: 5)] = UserCellValues(count: 3, bufferTime: 0)
        bucket.close()
        // By user, then cell.
        #expect(bucket.closed.map(\.key) == [UserBucket.key(cell: 1, user: 5), UserBucket.key(cell: 2, user: 5), UserBucket.key(cell: 1, user: 7)])
        bucket.open[UserBucket.key(cell: 2, user: 5)] = UserCellValues(count: 4, bufferTime: 2)
        bucket.close()
        #expect(bucket.closed.count == 3)
        let late = bucket.closed.first { $0.key == UserBucket.key(cell: 2, user: 5) }
        #expect(late?.values.count == 5)
        #expect(late?.values.bufferTime == 3)
        #expect(bucket.open.isEmpty)
    }
}
