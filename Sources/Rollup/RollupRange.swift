import Beacon
import Store

/// A query's time range split into the part rollups answer (whole ten-second buckets) and the
/// seconds at its edges, which are read from raw beacons.
struct RollupRange: Sendable, Equatable {
    /// Seconds, multiples of 10; nil when the range holds no whole ten-second bucket.
    var core: Range<Int64>?
    /// Milliseconds.
    var edges: [Range<Int64>]

    init(_ range: Range<Int64>) {
        let from = RollupIndex.floorDivide(range.lowerBound + 9_999, 10_000) * 10
        let to = RollupIndex.floorDivide(range.upperBound, 10_000) * 10
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
    /// The query's rows from the cells of its core range (nil: every stored hour) and the given
    /// raw beacons of its edges.
    mutating func answer(_ plan: RollupPlan, _ query: AggregationQuery, core: Range<Int64>?, edges: [EnrichedBeacon]) -> [AggregationRow] {
        let partnerId = query.filter.partnerId
        guard partners[partnerId] != nil || !edges.isEmpty else { return [] }
        var evaluation = RollupEvaluation(plan: plan, query: query)
        add(edges, to: &evaluation)
        guard let partner = partners[partnerId] else { return evaluation.rows() }
        let span = core ?? Self.wholeSpan(partner)
        for piece in Self.pieces(span, query) {
            for block in Self.blocks(from: piece.lowerBound, to: piece.upperBound) {
                guard let cells = partner.cells[block.level][block.start] else { continue }
                let bucket = query.bucketStart(ofMilliseconds: block.start * 1000)
                for (number, cell) in cells {
                    guard let info = evaluation.info(number, partner.keys[number]) else { continue }
                    evaluation.add(cell, info: info, bucket: bucket)
                }
                guard evaluation.readsSummaries, let summaries = partner.summaries[block.level][block.start] else { continue }
                for (entry, summary) in summaries where query.filter.entryIds?.contains(partner.entries[entry]) ?? true {
                    evaluation.add(summary, bucket: bucket)
                }
            }
        }
        return evaluation.rows()
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
