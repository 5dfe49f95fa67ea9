import Beacon
import Store

/// A query's time range split into the part rollups answer (whole seconds) and the milliseconds
/// at its edges, which are read from raw beacons. Report ranges are whole seconds: no edges.
struct RollupRange: Sendable, Equatable {
    /// Seconds; nil when the range holds no whole second.
    var core: Range<Int64>?
    /// Milliseconds.
    var edges: [Range<Int64>]

    init(_ range: Range<Int64>) {
        let from = RollupIndex.floorDivide(range.lowerBound + 999, 1000)
        let to = RollupIndex.floorDivide(range.upperBound, 1000)
        guard from < to else {
            core = nil
            edges = range.isEmpty ? [] : [range]
            return
        }
        core = from..<to
        edges = [range.lowerBound..<from * 1000, to * 1000..<range.upperBound].filter { !$0.isEmpty }
    }
}

extension RollupIndex {
    /// The query's rows: its raw beacons (edges and expired blocks), then `visit` for every block
    /// of its core range (nil: every stored hour) but the `expired` one-second ones.
    mutating func evaluate(
        _ plan: RollupPlan,
        _ query: AggregationQuery,
        core: Range<Int64>?,
        expired: [Range<Int64>],
        raw: [EnrichedBeacon],
        visit: Visitor
    ) -> AggregationColumns {
        guard partners[query.filter.partnerId] != nil || !raw.isEmpty else { return AggregationColumns([], query: query) }
        let partnerId = query.filter.partnerId
        // A user id filter keeps few users: their groups are hashed, not looked up by number.
        let listed = query.filter.userIds == nil ? partners[partnerId]?.users.count ?? 0 : 0
        var evaluation = RollupEvaluation(plan: plan, query: query, userCount: listed)
        add(raw, to: &evaluation)
        // After the raw beacons, which may number new users.
        if plan.perUser { orderUsers(partnerId: partnerId) }
        guard let partner = partners[partnerId] else { return evaluation.columns() }
        let skipped = Self.seconds(expired)
        for piece in Self.pieces(core ?? Self.wholeSpan(partner), query) {
            for block in Self.blocks(from: piece.lowerBound, to: piece.upperBound, levels: plan.levels) {
                if block.level == Self.secondLevel, skipped.contains(block.start) { continue }
                visit(partner, block.level, block.start, query.bucketStart(ofMilliseconds: block.start * 1000), &evaluation)
            }
        }
        guard plan.perUser else { return evaluation.columns() }
        return evaluation.columns(userKeys: partner.users.keys, userRanks: partner.userOrder.ranks)
    }

    /// A query's rows from cells and entry summaries, or for a per-user query from user cells.
    mutating func answer(
        _ plan: RollupPlan,
        _ query: AggregationQuery,
        core: Range<Int64>?,
        expired: [Range<Int64>],
        raw: [EnrichedBeacon]
    ) -> AggregationColumns {
        let visit = plan.perUser ? userCellVisitor(query) : Self.cellVisitor(query)
        return evaluate(plan, query, core: core, expired: expired, raw: raw, visit: visit)
    }

    typealias Visitor = (Partner, _ level: Int, _ start: Int64, _ bucket: Int64?, inout RollupEvaluation) -> Void

    private static func cellVisitor(_ query: AggregationQuery) -> Visitor {
        { partner, level, start, bucket, evaluation in
            guard let cells = partner.cells[level][start] else { return }
            let keys = partner.keys
            for (number, cell) in cells {
                guard let info = evaluation.info(number, keys[number]) else { continue }
                evaluation.add(cell, info: info, bucket: bucket)
            }
            guard evaluation.readsSummaries, let summaries = partner.summaries[level][start] else { return }
            for (entry, summary) in summaries where query.filter.entryIds?.contains(partner.entries[entry]) ?? true {
                evaluation.add(summary, bucket: bucket)
            }
        }
    }

    /// Raw beacons (a range's edges) into the evaluation, beacon by beacon.
    mutating func add(_ beacons: [EnrichedBeacon], to evaluation: inout RollupEvaluation) {
        let query = evaluation.query
        for beacon in beacons where beacon.partnerId == query.filter.partnerId {
            let key = CellKey(beacon)
            let number = keyNumber(partnerId: beacon.partnerId, key)
            guard let info = evaluation.info(number, key) else { continue }
            let user = userNumber(partnerId: beacon.partnerId, beacon.userKey)
            evaluation.add(beacon, user: user, info: info, bucket: query.bucketStart(ofMilliseconds: beacon.timeMs))
        }
    }

    /// Every hour that holds a cell: the span of a query without a time range.
    static func wholeSpan(_ partner: Partner) -> Range<Int64> {
        let hours = partner.cells[0].keys
        guard let first = hours.min(), let last = hours.max() else { return 0..<0 }
        return first..<last + levels[0]
    }

    /// `span` cut at the query's bucket boundaries, so that no block straddles two buckets.
    static func pieces(_ span: Range<Int64>, _ query: AggregationQuery) -> [Range<Int64>] {
        guard let width = query.bucketSeconds.map(Int64.init), width > 0 else { return span.isEmpty ? [] : [span] }
        var pieces: [Range<Int64>] = []
        var start = span.lowerBound
        while start < span.upperBound {
            let bucket = query.bucketStart(ofMilliseconds: start * 1000) ?? start
            let end = min(span.upperBound, bucket + width)
            pieces.append(start..<end)
            start = end
        }
        return pieces
    }
}
