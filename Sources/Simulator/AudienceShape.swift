/// What kind of webcast the audience watches: how people arrive, stay, sign in and use the DVR.
public enum AudienceShape: String, Codable, Sendable, CaseIterable {
    /// A corporate town hall: a rush in the first minutes, half stay to the end, 30 % watch anonymously.
    case townHall = "town-hall"
    /// A lecture: students sign in, arrive on time or a little late, mostly stay, rewind more and watch on laptops.
    case lecture

    struct Profile {
        /// Share of viewers who are signed in.
        var registered: Double
        /// Share arriving in the first minute.
        var early: Double
        /// Share arriving in the rush after the start, and the rush's mean delay in seconds.
        var peak: Double
        var peakMean: Double
        /// The others arrive uniformly until this fraction of the event.
        var lateUntil: Double
        /// Share staying to the end.
        var stay: Double
        /// Chances (for viewers who watch long enough) of a DVR excursion and of a pause.
        var dvr: Double
        var pause: Double
        /// Share engaged (sound on, tab visible) at first.
        var engaged: Double
        /// Computer, mobile, tablet, game console.
        var deviceShares: [Double]
    }

    var profile: Profile {
        switch self {
        case .townHall:
            Profile(
                registered: 0.7,
                early: 0.15,
                peak: 0.6,
                peakMean: 120,
                lateUntil: 0.9,
                stay: 0.5,
                dvr: 0.12,
                pause: 0.08,
                engaged: 0.7,
                deviceShares: [0.62, 0.25, 0.1, 0.03]
            )
        case .lecture:
            Profile(
                registered: 0.95,
                early: 0.35,
                peak: 0.55,
                peakMean: 90,
                lateUntil: 0.4,
                stay: 0.85,
                dvr: 0.3,
                pause: 0.15,
                engaged: 0.85,
                deviceShares: [0.8, 0.1, 0.1, 0]
            )
        }
    }
}
