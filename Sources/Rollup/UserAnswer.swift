import Beacon
import Store

extension RollupIndex {
    static var tenSecondLevel: Int { levels.count - 1 }

    /// The ten-second blocks of a per-user query whose user cells are no longer kept, merged
    /// where they touch. Their beacons are read raw.
    func expiredUserBlocks(_ query: AggregationQuery, core: Range<Int64>?) -> [Range<Int64>] {
        guard let partner = partners[query.filter.partnerId] else { return [] }
        let floor = partner.userCells.recentFloor
        var expired: [Range<Int64>] = []
        for piece in Self.pieces(core ?? Self.wholeSpan(partner), query) {
            for block in Self.blocks(from: piece.lowerBound, to: piece.upperBound)
            where block.level == Self.tenSecondLevel && block.start < floor {
                if let last = expired.last, last.upperBound == block.start {
                    expired[expired.count - 1] = last.lowerBound..<block.start + 10
                } else {
                    expired.append(block.start..<block.start + 10)
                }
            }
        }
        return expired
    }

    /// A per-user query's rows from the user cells of its core range (nil: every stored hour),
    /// except the `expired` ten-second blocks, and from the given raw beacons.
    mutating func answerPerUser(
        _ plan: RollupPlan,
        _ query: AggregationQuery,
        core: Range<Int64>?,
        expired: [Range<Int64>],
        raw: [EnrichedBeacon]
    ) -> [AggregationRow] {
        let partnerId = query.filter.partnerId
        guard partners[partnerId] != nil || !raw.isEmpty else { return [] }
        var evaluation = RollupEvaluation(plan: plan, query: query)
        add(raw, to: &evaluation)
        guard let partner = partners[partnerId] else { return evaluation.rows() }
        let allowed = query.filter.userIds.map { Set($0.compactMap(partner.users.existing)) }
        let skipped = Set(expired.flatMap { stride(from: $0.lowerBound, to: $0.upperBound, by: 10) })
        for piece in Self.pieces(core ?? Self.wholeSpan(partner), query) {
            for block in Self.blocks(from: piece.lowerBound, to: piece.upperBound) {
                if block.level == Self.tenSecondLevel, skipped.contains(block.start) { continue }
                guard let cells = partner.userCells.buckets[block.level][block.start] else { continue }
                let bucket = query.bucketStart(ofMilliseconds: block.start * 1000)
                cells.forEach { packed, values in
                    let number = UserBucket.cell(packed)
                    let user = UserBucket.user(packed)
                    let key = partner.keys[number]
                    // A user id filter lets through only users who sent that id.
                    if let allowed, !(key.known && allowed.contains(user)) { return }
                    guard let info = evaluation.info(number, key) else { return }
                    evaluation.add(values, key: key, user: user, info: info, bucket: bucket)
                }
            }
        }
        return evaluation.rows(userKeys: partner.users.keys)
    }
}
