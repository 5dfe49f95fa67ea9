import Beacon
import Store

extension RollupIndex {
    /// The one-second blocks of a query no longer kept (older than the recent minutes), merged
    /// where they touch. Their beacons are read raw.
    func expiredBlocks(_ plan: RollupPlan, _ query: AggregationQuery, core: Range<Int64>?) -> [Range<Int64>] {
        guard let partner = partners[query.filter.partnerId] else { return [] }
        let floor = partner.recentFloor
        var expired: [Range<Int64>] = []
        for piece in Self.pieces(core ?? Self.wholeSpan(partner), query) {
            for block in Self.blocks(from: piece.lowerBound, to: piece.upperBound, levels: plan.levels)
            where block.level == Self.secondLevel && block.start < floor {
                if let last = expired.last, last.upperBound == block.start {
                    expired[expired.count - 1] = last.lowerBound..<block.start + 1
                } else {
                    expired.append(block.start..<block.start + 1)
                }
            }
        }
        return expired
    }

    static func seconds(_ ranges: [Range<Int64>]) -> Set<Int64> { Set(ranges.flatMap { $0 }) }

    /// Reads user cells; a user id filter lets through only users who sent that id.
    func userCellVisitor(_ query: AggregationQuery) -> Visitor {
        let users = partners[query.filter.partnerId]?.users
        let allowed = query.filter.userIds.map { ids in Set(ids.compactMap { users?.existing($0) }) }
        return { partner, level, start, bucket, evaluation in
            let keys = partner.keys
            partner.userCells.buckets[level][start]?
                .forEach { packed, values in
                    let number = UserBucket.cell(packed)
                    let user = UserBucket.user(packed)
                    guard let info = evaluation.info(number, keys[number]) else { return }
                    if let allowed, !(info.known && allowed.contains(user)) { return }
                    evaluation.add(values, user: user, info: info, bucket: bucket)
                }
        }
    }
}
