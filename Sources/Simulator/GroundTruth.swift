/// What the simulated audience really did, recorded as it is simulated: the numbers every report
/// must reproduce. One "slot" is ten seconds of playback, which is what one VIEW beacon stands for.
public struct GroundTruth: Codable, Sendable, Equatable {
    public struct Bucket: Codable, Sendable, Equatable {
        /// Unix seconds, a multiple of 10.
        public var start: Int64
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

/// Accumulates the truth while the players run.
struct TruthRecorder {
    private var buckets: [Int64: GroundTruth.Bucket] = [:]
    private var bucketUsers: [Int64: (all: Set<String>, engaged: Set<String>, buffering: Set<String>, dvr: Set<String>)] = [:]
    private(set) var users: [String: GroundTruth.User] = [:]
    private var deviceUsers: [String: Set<String>] = [:]
    private var deviceSeconds: [String: Int] = [:]
    private var engagedUsers: Set<String> = []
    private var bufferingUsers: Set<String> = []
    private var dvrUsers: Set<String> = []
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

    static func bucket(of time: Double) -> Int64 { Int64((time / 10).rounded(.down)) * 10 }

    mutating func record(_ slot: Slot) {
        let start = Self.bucket(of: slot.time)
        var bucket = buckets[start] ?? GroundTruth.Bucket(start: start)
        var seen = bucketUsers[start] ?? ([], [], [], [])
        seen.all.insert(slot.userKey)
        if slot.dvr { bucket.dvrSlots += 1; seen.dvr.insert(slot.userKey) } else { bucket.liveSlots += 1 }
        if slot.engaged { bucket.engagedSlots += 1; seen.engaged.insert(slot.userKey) }
        if slot.bufferTime > 0 { bucket.bufferingSlots += 1; seen.buffering.insert(slot.userKey) }
        bucket.bufferSeconds += slot.bufferTime
        if slot.bitrate > 0 {
            bucket.bitrateSum += slot.bitrate
            bucket.bitrateSlots += 1
        }
        bucket.users = seen.all.count
        bucket.engagedUsers = seen.engaged.count
        bucket.bufferingUsers = seen.buffering.count
        bucket.dvrUsers = seen.dvr.count
        buckets[start] = bucket
        bucketUsers[start] = seen

        var user = users[slot.userKey] ?? GroundTruth.User(userId: slot.userId, name: slot.name, device: slot.device)
        if slot.dvr { user.dvrSeconds += 10 } else { user.liveSeconds += 10 }
        user.bufferSeconds += slot.bufferTime
        user.slots += 1
        if slot.engaged { user.engagedSlots += 1 }
        if slot.bufferTime > 0 { user.bufferingSlots += 1 }
        users[slot.userKey] = user
        deviceUsers[slot.device, default: []].insert(slot.userKey)
        deviceSeconds[slot.device, default: 0] += 10
        if slot.engaged { engagedUsers.insert(slot.userKey) }
        if slot.bufferTime > 0 { bufferingUsers.insert(slot.userKey) }
        if slot.dvr { dvrUsers.insert(slot.userKey) }

        totals.slots += 1
        if slot.dvr { totals.dvrSlots += 1 } else { totals.liveSlots += 1 }
        if slot.engaged { totals.engagedSlots += 1 }
        if slot.bufferTime > 0 { totals.bufferingSlots += 1 }
        totals.bufferSeconds += slot.bufferTime
        if slot.bitrate > 0 {
            totals.bitrateSum += slot.bitrate
            totals.bitrateSlots += 1
        }
    }

    mutating func recordError(at time: Double) {
        let start = Self.bucket(of: time)
        buckets[start, default: GroundTruth.Bucket(start: start)].errors += 1
        totals.errors += 1
    }

    func finish(_ settings: AudienceSettings) -> GroundTruth {
        var totals = totals
        totals.uniqueUsers = users.count
        totals.engagedUsers = engagedUsers.count
        totals.bufferingUsers = bufferingUsers.count
        totals.dvrUsers = dvrUsers.count
        let devices = deviceUsers.mapValues { GroundTruth.Device(users: $0.count, viewSeconds: 0) }
        var withSeconds = devices
        for (name, seconds) in deviceSeconds { withSeconds[name]?.viewSeconds = seconds }
        return GroundTruth(
            settings: settings,
            buckets: buckets.values.sorted { $0.start < $1.start },
            users: users,
            devices: withSeconds,
            totals: totals
        )
    }
}
