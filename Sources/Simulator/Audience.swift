import Beacon

/// What to simulate: one live webcast and its audience.
public struct AudienceSettings: Codable, Sendable, Equatable {
    public var partnerId: Int
    public var entryId: String
    public var viewers: Int
    /// Length of the webcast in seconds.
    public var duration: Int64
    /// Unix seconds when the stream goes live.
    public var start: Int64
    public var seed: UInt64
    public var shape: AudienceShape
    /// Unix seconds: simulate only what happened before this time (an event still running), or nil for all of it.
    /// The audience is the same as without the cut; beacons and truth simply stop here.
    public var until: Int64?

    public init(
        partnerId: Int,
        entryId: String,
        viewers: Int,
        duration: Int64,
        start: Int64,
        seed: UInt64,
        shape: AudienceShape = .townHall,
        until: Int64? = nil
    ) {
        self.partnerId = partnerId
        self.entryId = entryId
        self.viewers = viewers
        self.duration = duration
        self.start = start
        self.seed = seed
        self.shape = shape
        self.until = until
    }

    /// Whether something at `time` happened before the cut.
    func happened(_ time: Double) -> Bool { until.map { time <= Double($0) } ?? true }
}

/// One beacon a simulated player sends: when, with which User-Agent, and its KAVA parameters.
public struct SimulatedBeacon: Sendable, Equatable {
    /// Unix seconds, fractional.
    public var time: Double
    public var userAgent: String
    public var parameters: [String: String]

    public var eventType: EventType? { parameters["eventType"].flatMap(Int.init).flatMap(EventType.init(rawValue:)) }
}

/// A live audience: every viewer's player, run from the seed, and the truth of what they did.
///
/// ```swift
/// let run = Audience.simulate(AudienceSettings(partnerId: 1001, entryId: "1_town", viewers: 2000,
///                                              duration: 1800, start: 1_795_341_600, seed: 42))
/// run.beacons   // time-ordered KAVA beacons
/// run.truth     // per bucket, per user, per device, totals
/// ```
public enum Audience {
    public struct Run: Sendable {
        public var beacons: [SimulatedBeacon]
        public var truth: GroundTruth
    }

    public static func simulate(_ settings: AudienceSettings) -> Run {
        var recorder = TruthRecorder()
        var beacons: [SimulatedBeacon] = []
        for index in 0..<settings.viewers {
            // Each viewer gets an independent stream: a mixed starting state, not a shifted copy of one stream.
            var mixer = SeededRandom(seed: settings.seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
            var random = SeededRandom(seed: mixer.next())
            let viewer = Viewer(index: index, settings: settings, random: &random)
            var player = Player(viewer: viewer, settings: settings, random: random)
            player.run(into: &beacons, truth: &recorder)
        }
        beacons.sort { $0.time < $1.time }
        recorder.totals.beacons = beacons.count
        return Run(beacons: beacons, truth: recorder.finish(settings))
    }
}

/// Who a viewer is and when they watch, drawn once from their own random stream.
struct Viewer {
    var userId: String?
    var name: String?
    var device: DeviceMix.Kind
    var userAgent: String
    /// Watching periods in unix seconds; a network drop splits a visit in two sessions.
    var visits: [ClosedRange<Double>]
    var dvr: ClosedRange<Double>?
    var pause: ClosedRange<Double>?
    var fatalErrorAt: Double?
    var engagedAtStart: Bool

    static let firstNames = [
        "Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gil", "Hana", "Ivan", "Jo", "Kofi", "Lea", "Maya", "Noor", "Omar", "Priya",
    ]
    static let lastNames = ["Levi", "Smith", "Okafor", "Garcia", "Kim", "Cohen", "Rossi", "Novak", "Singh", "Müller", "Tanaka", "Silva"]

    init(index: Int, settings: AudienceSettings, random: inout SeededRandom) {
        let profile = settings.shape.profile
        if random.chance(profile.registered) {
            userId = "viewer\(index)@example.com"
            name = "\(Self.firstNames[Int(random.next() % 16)]) \(Self.lastNames[Int(random.next() % 12)])"
        }
        device = DeviceMix.pick(&random, shares: profile.deviceShares)
        userAgent = device.userAgents[Int(random.next() % UInt64(device.userAgents.count))]
        let start = Double(settings.start)
        let end = start + Double(settings.duration)
        let length = Double(settings.duration)
        // Early arrivals, a peak just after start, and late joiners through the event.
        let roll = random.unit()
        let join: Double =
            if roll < profile.early {
                start + random.uniform(0...min(60, length / 10))
            } else if roll < profile.early + profile.peak {
                start + min(random.exponential(mean: min(profile.peakMean, length / 8)), length * 0.5)
            } else {
                start + random.uniform(0...(length * profile.lateUntil))
            }
        // Some stay to the end; the others churn.
        let leave = random.chance(profile.stay) ? end : min(end, join + 60 + random.exponential(mean: length / 3))
        var visits = [join...max(join, leave)]
        if leave - join > 300, random.chance(0.1) {
            let drop = join + (leave - join) * random.uniform(0.2...0.7)
            let back = drop + random.uniform(35...90)
            visits = back < leave ? [join...drop, back...leave] : [join...drop]
        }
        self.visits = visits
        let watched = visits.last!.upperBound - join
        if watched > 600, random.chance(profile.dvr) {
            let from = join + watched * random.uniform(0.1...0.6)
            dvr = from...(from + random.uniform(120...480))
        }
        if watched > 300, random.chance(profile.pause) {
            let from = join + watched * random.uniform(0.1...0.8)
            pause = from...(from + random.uniform(12...90))
        }
        if random.chance(0.005) { fatalErrorAt = join + watched * random.uniform(0.1...0.9) }
        engagedAtStart = random.chance(profile.engaged)
    }
}
