/// Ten seconds of one entry's audience, as the live pane draws it: distinct users with a VIEW in the
/// bucket (live and DVR apart), and the sums behind last-minute bitrate, buffering and engagement.
public struct LiveBucket: Sendable, Equatable, Codable {
    /// Unix seconds, a multiple of 10.
    public var start: Int64
    public var users: Int32 = 0
    public var liveUsers: Int32 = 0
    public var dvrUsers: Int32 = 0
    public var views: Int32 = 0
    public var engagedViews: Int32 = 0
    public var bitrateSum: Double = 0
    public var bitrateViews: Int32 = 0
    public var bufferSeconds: Double = 0

    public init(start: Int64) {
        self.start = start
    }

    mutating func add(_ other: LiveBucket) {
        users += other.users
        liveUsers += other.liveUsers
        dvrUsers += other.dvrUsers
        views += other.views
        engagedViews += other.engagedViews
        bitrateSum += other.bitrateSum
        bitrateViews += other.bitrateViews
        bufferSeconds += other.bufferSeconds
    }
}

/// The buckets of the last few hours in a fixed ring: older history is the store's.
struct BucketRing {
    private var slots: [LiveBucket?]

    init(capacity: Int) {
        slots = Array(repeating: nil, count: capacity)
    }

    var span: Int64 { Int64(slots.count) * 10 }

    private func index(_ start: Int64) -> Int { Int((start / 10) % Int64(slots.count)) }

    subscript(start: Int64) -> LiveBucket? {
        guard let bucket = slots[index(start)], bucket.start == start else { return nil }
        return bucket
    }

    /// The bucket starting at `start`, created (over whatever was older in its slot) when new.
    mutating func update(_ start: Int64, _ change: (inout LiveBucket) -> Void) {
        let slot = index(start)
        var bucket = slots[slot].flatMap { $0.start == start ? $0 : nil } ?? LiveBucket(start: start)
        change(&bucket)
        slots[slot] = bucket
    }

    /// Buckets from `from` (inclusive) to `to` (exclusive) that have any VIEW, oldest first.
    func buckets(from: Int64, to: Int64) -> [LiveBucket] {
        stride(from: max(from, to - span), to: to, by: 10).compactMap { self[$0] }
    }
}
