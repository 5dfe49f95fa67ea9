/// What the simulated audience really did, recorded as it is simulated: the numbers every report
/// must reproduce. One "slot" is ten seconds of playback, which is what one VIEW beacon stands for.
public struct GroundTruth: Codable, Sendable, Equatable {
    public struct Bucket: Codable, Sendable, Equatable {
        /// Unix seconds, a multiple of 10.
        public var start: Int64
        public var slots = 0
        public var liveSlots = 0
        public var dvrSlots = 0
        public var engagedSlots = 0
        public var bufferingSlots = 0
        public var bufferSeconds = 0.0
        public var bitrateSum = 0.0
        public var bitrateSlots = 0
        public var users = 0
        public var engagedUsers = 0
        public var bufferingUsers = 0
        public var dvrUsers = 0
        public var errors = 0
    }

    public struct User: Codable, Sendable, Equatable {
        /// The signed-in user id, or nil for an anonymous viewer (whose key is the session).
        public var userId: String?
        public var name: String?
        public var device: String
        public var liveSeconds = 0
        public var dvrSeconds = 0
        public var bufferSeconds = 0.0
        public var slots = 0
        public var engagedSlots = 0
        public var bufferingSlots = 0
    }

    public struct Device: Codable, Sendable, Equatable {
        public var users = 0
        public var viewSeconds = 0
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var uniqueUsers = 0
        public var engagedUsers = 0
        public var bufferingUsers = 0
        public var dvrUsers = 0
        public var slots = 0
        public var liveSlots = 0
        public var dvrSlots = 0
        public var engagedSlots = 0
        public var bufferingSlots = 0
        public var bufferSeconds = 0.0
        public var bitrateSum = 0.0
        public var bitrateSlots = 0
        public var errors = 0
        public var plays = 0
        public var impressions = 0
        public var sessions = 0
        public var beacons = 0
    }

    public var settings: AudienceSettings
    public var buckets: [Bucket]
    /// By unique-user key: the user id, or the session id for anonymous viewers.
    public var users: [String: User]
    /// By device class name, as the reports name it.
    public var devices: [String: Device]
    public var totals: Totals
}

/// The slot counters buckets and totals share.
protocol SlotCounters {
    var slots: Int { get set }
    var liveSlots: Int { get set }
    var dvrSlots: Int { get set }
    var engagedSlots: Int { get set }
    var bufferingSlots: Int { get set }
    var bufferSeconds: Double { get set }
    var bitrateSum: Double { get set }
    var bitrateSlots: Int { get set }
}

extension SlotCounters {
    mutating func count(_ slot: TruthRecorder.Slot) {
        slots += 1
        if slot.dvr { dvrSlots += 1 } else { liveSlots += 1 }
        if slot.engaged { engagedSlots += 1 }
        if slot.bufferTime > 0 { bufferingSlots += 1 }
        bufferSeconds += slot.bufferTime
        if slot.bitrate > 0 {
            bitrateSum += slot.bitrate
            bitrateSlots += 1
        }
    }
}

extension GroundTruth.Bucket: SlotCounters {}
extension GroundTruth.Totals: SlotCounters {}

/// Who was in a bucket or in the whole event: unique counts are the sizes of these sets.
struct Audiences {
    var all: Set<String> = []
    var engaged: Set<String> = []
    var buffering: Set<String> = []
    var dvr: Set<String> = []

    mutating func add(_ slot: TruthRecorder.Slot) {
        all.insert(slot.userKey)
        if slot.engaged { engaged.insert(slot.userKey) }
        if slot.bufferTime > 0 { buffering.insert(slot.userKey) }
        if slot.dvr { dvr.insert(slot.userKey) }
    }
}

/// Accumulates the truth while the players run.
struct TruthRecorder {
    private var buckets: [Int64: GroundTruth.Bucket] = [:]
    private var bucketAudiences: [Int64: Audiences] = [:]
    private var audience = Audiences()
    private var users: [String: GroundTruth.User] = [:]
    private var devices: [String: (users: Set<String>, seconds: Int)] = [:]
    var totals = GroundTruth.Totals()

    struct Slot {
        var time: Double
        var userKey: String
        var userId: String?
        var name: String?
        var device: String
        var dvr: Bool
        var engaged: Bool
        var bufferTime: Double
        var bitrate: Double
    }

    /// Buckets by the whole millisecond a beacon carries, as the server does: a VIEW due at
    /// 1,795,353,510 s can be 1,795,353,509.99999997 after many 10-s steps in floating point.
    static func bucket(of time: Double) -> Int64 {
        let milliseconds = Int64((time * 1000).rounded())
        return (milliseconds >= 0 ? milliseconds / 10_000 : (milliseconds - 9_999) / 10_000) * 10
    }

    mutating func record(_ slot: Slot) {
        let start = Self.bucket(of: slot.time)
        buckets[start, default: GroundTruth.Bucket(start: start)].count(slot)
        bucketAudiences[start, default: Audiences()].add(slot)
        audience.add(slot)
        totals.count(slot)

        var user = users[slot.userKey] ?? GroundTruth.User(userId: slot.userId, name: slot.name, device: slot.device)
        if slot.dvr { user.dvrSeconds += 10 } else { user.liveSeconds += 10 }
        user.bufferSeconds += slot.bufferTime
        user.slots += 1
        if slot.engaged { user.engagedSlots += 1 }
        if slot.bufferTime > 0 { user.bufferingSlots += 1 }
        users[slot.userKey] = user

        devices[slot.device, default: ([], 0)].users.insert(slot.userKey)
        devices[slot.device, default: ([], 0)].seconds += 10
    }

    mutating func recordError(at time: Double) {
        let start = Self.bucket(of: time)
        buckets[start, default: GroundTruth.Bucket(start: start)].errors += 1
        totals.errors += 1
    }

    func finish(_ settings: AudienceSettings) -> GroundTruth {
        var totals = totals
        totals.uniqueUsers = audience.all.count
        totals.engagedUsers = audience.engaged.count
        totals.bufferingUsers = audience.buffering.count
        totals.dvrUsers = audience.dvr.count
        let finished = buckets.values.sorted { $0.start < $1.start }.map { bucket in
            var bucket = bucket
            let seen = bucketAudiences[bucket.start] ?? Audiences()
            bucket.users = seen.all.count
            bucket.engagedUsers = seen.engaged.count
            bucket.bufferingUsers = seen.buffering.count
            bucket.dvrUsers = seen.dvr.count
            return bucket
        }
        return GroundTruth(
            settings: settings,
            buckets: finished,
            users: users,
            devices: devices.mapValues { GroundTruth.Device(users: $0.users.count, viewSeconds: $0.seconds) },
            totals: totals
        )
    }
}
