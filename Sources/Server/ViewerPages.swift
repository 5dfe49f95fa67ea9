import Beacon
import LiveState
import Synchronization

/// Pages of the live viewers list. Each ordering is sorted at most once per second per entry and
/// shared by every pane asking for it, so 100 panes paging a 100,000-viewer list cost one sort.
final class ViewerPages: Sendable {
    struct Query: Sendable {
        var sort = ViewerSort.since
        var descending = false
        var offset = 0
        var limit = 100
        /// The DVR viewers instead of the live ones.
        var dvr = false

        init(_ parameters: some Sequence<(key: Substring, value: Substring)>) {
            for (key, value) in parameters {
                switch key {
                case "sort": sort = ViewerSort(rawValue: String(value)) ?? .since
                case "order": descending = value == "desc"
                case "offset": offset = max(0, Int(value) ?? 0)
                case "limit": limit = min(1000, max(1, Int(value) ?? 100))
                case "dvr": dvr = value == "1" || value == "true"
                default: break
                }
            }
        }
    }

    struct Row: Encodable, Sendable {
        var user: String
        var anonymous: Bool
        var device: String
        var since: Int64
        var watchSeconds: Int
        var bitrate: Double
        var bufferRatio: Double
        var engaged: Bool
    }

    struct Page: Encodable, Sendable {
        /// Viewers in this list (live, or DVR), and the other list's size.
        var total: Int
        var otherList: Int
        var offset: Int
        var rows: [Row]
    }

    private struct CacheKey: Hashable {
        var partnerId: Int
        var entryId: String
        var sort: ViewerSort
        var descending: Bool
        var dvr: Bool
    }

    let board: LiveBoard
    private struct Cache {
        var second: Int64 = 0
        var lists: [CacheKey: [LiveViewer]] = [:]
        /// The other list's size, per partner, entry and kind: shared like the lists.
        var counts: [CacheKey: Int] = [:]

        mutating func start(_ second: Int64) {
            if self.second != second { self = Cache(second: second) }
        }
    }

    private let cache = Mutex(Cache())

    init(board: LiveBoard) {
        self.board = board
    }

    func page(partnerId: Int, entryId: String, query: Query, nowMs: Int64) -> Page {
        let list = sorted(partnerId: partnerId, entryId: entryId, query: query, nowMs: nowMs)
        let other = otherCount(partnerId: partnerId, entryId: entryId, dvr: !query.dvr, nowMs: nowMs)
        let slice = list.dropFirst(query.offset).prefix(query.limit)
        return Page(
            total: list.count,
            otherList: other,
            offset: query.offset,
            rows: slice.map { viewer in
                Row(
                    user: ViewerSort.displayName(viewer),
                    anonymous: viewer.userId == nil,
                    device: viewer.device.rawValue,
                    since: viewer.since,
                    watchSeconds: viewer.watchSeconds,
                    bitrate: viewer.bitrate,
                    bufferRatio: viewer.bufferRatio,
                    engaged: viewer.engaged
                )
            }
        )
    }

    private func sorted(partnerId: Int, entryId: String, query: Query, nowMs: Int64) -> [LiveViewer] {
        let key = CacheKey(partnerId: partnerId, entryId: entryId, sort: query.sort, descending: query.descending, dvr: query.dvr)
        let second = nowMs / 1000
        if let hit = cache.withLock({ $0.second == second ? $0.lists[key] : nil }) { return hit }
        let list = query.sort.sorted(
            board.attendees(partnerId: partnerId, entryId: entryId, nowMs: nowMs, dvr: query.dvr),
            descending: query.descending
        )
        cache.withLock { cache in
            cache.start(second)
            cache.lists[key] = list
        }
        return list
    }

    private func otherCount(partnerId: Int, entryId: String, dvr: Bool, nowMs: Int64) -> Int {
        let key = CacheKey(partnerId: partnerId, entryId: entryId, sort: .since, descending: false, dvr: dvr)
        let second = nowMs / 1000
        if let hit = cache.withLock({ $0.second == second ? $0.counts[key] : nil }) { return hit }
        let count = board.attendees(partnerId: partnerId, entryId: entryId, nowMs: nowMs, dvr: dvr).count
        cache.withLock { cache in
            cache.start(second)
            cache.counts[key] = count
        }
        return count
    }
}
