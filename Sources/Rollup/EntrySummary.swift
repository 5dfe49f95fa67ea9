import Beacon
import Store

/// The users of one entry's live and DVR VIEWs in one bucket, all of them and per condition the
/// realtime graphs ask for. A ten-second graph over two hours then reads 720 ready sets instead
/// of merging every cell of every bucket.
struct EntrySummary: Sendable {
    enum Kind: Int, CaseIterable, Sendable {
        case all
        case engaged
        case buffering
        case dvr

        /// The set for a reader's conditions, when one holds exactly its users.
        init?(_ conditions: [Predicate]) {
            var rest = conditions.filter { $0 != .eventType(.view) }
            guard rest.count < conditions.count else { return nil }
            switch rest.popLast() {
            case nil: self = .all
            case .engaged: self = .engaged
            case .greaterThan(.bufferTime, 0): self = .buffering
            case .playbackType(.dvr): self = .dvr
            default: return nil
            }
            guard rest.isEmpty else { return nil }
        }

        /// Whether a beacon the summary counts belongs in this set.
        func holds(_ beacon: EnrichedBeacon) -> Bool {
            switch self {
            case .all: return true
            case .engaged: return beacon.engaged
            case .buffering: return (beacon.bufferTime ?? 0) > 0
            case .dvr: return beacon.playbackType == .dvr
            }
        }
    }

    var sets = [UserSet](repeating: UserSet(), count: Kind.allCases.count)

    static func counts(_ beacon: EnrichedBeacon) -> Bool {
        beacon.eventType == .view && (beacon.playbackType == .live || beacon.playbackType == .dvr)
    }

    mutating func add(_ beacon: EnrichedBeacon, user: UInt32) {
        for kind in Kind.allCases where kind.holds(beacon) { sets[kind.rawValue].insert(user) }
    }
}
