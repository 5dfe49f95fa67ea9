import Beacon

/// The device mix of a corporate webcast audience, with real User-Agent strings per class.
struct DeviceMix {
    struct Kind {
        var device: DeviceClass
        var share: Double
        var userAgents: [String]
        /// Highest rung of the bitrate ladder this kind reaches (phones stay low).
        var maxRung: Int
        /// Chance that a 10-s slot has buffering.
        var bufferingChance: Double
    }

    static let kinds: [Kind] = [
        Kind(
            device: .computer,
            share: 0.62,
            userAgents: [
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            ],
            maxRung: 4,
            bufferingChance: 0.02
        ),
        Kind(
            device: .mobile,
            share: 0.25,
            userAgents: [
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            ],
            maxRung: 2,
            bufferingChance: 0.08
        ),
        Kind(
            device: .tablet,
            share: 0.1,
            userAgents: [
                "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            ],
            maxRung: 3,
            bufferingChance: 0.05
        ),
        Kind(
            device: .gameConsole,
            share: 0.03,
            userAgents: ["Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15"],
            maxRung: 4,
            bufferingChance: 0.02
        ),
    ]

    /// A kind drawn by `shares` (one per kind, in order), or by each kind's own share.
    static func pick(_ random: inout SeededRandom, shares: [Double]? = nil) -> Kind {
        var roll = random.unit()
        for (index, kind) in kinds.enumerated() {
            let share = shares?[index] ?? kind.share
            if roll < share { return kind }
            roll -= share
        }
        return kinds[0]
    }
}

/// An adaptive-bitrate ladder in kbps, with the flavor ids a packager would give its rungs.
enum BitrateLadder {
    static let kbps: [Double] = [400, 800, 1500, 3000, 4500]
    static let flavorIds: [Int] = [487_041, 487_051, 487_061, 487_071, 487_081]
}
