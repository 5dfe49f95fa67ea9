/// A validated value of one optional beacon field.
public enum BeaconValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int64)
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .text(let value): value
        }
    }
}

/// A beacon that passed validation: the four identifying fields, typed, and every known optional
/// field that applies to its event type.
public struct Beacon: Sendable, Equatable {
    public var eventType: EventType
    public var partnerId: Int
    public var entryId: String
    public var sessionId: String
    public var fields: [String: BeaconValue]

    public init(eventType: EventType, partnerId: Int, entryId: String, sessionId: String, fields: [String: BeaconValue] = [:]) {
        self.eventType = eventType
        self.partnerId = partnerId
        self.entryId = entryId
        self.sessionId = sessionId
        self.fields = fields
    }

    public func number(_ name: String) -> Double? {
        switch fields[name] {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .text(let value): Double(value)
        case nil: nil
        }
    }

    public func integer(_ name: String) -> Int64? {
        switch fields[name] {
        case .integer(let value): value
        case .text(let value): Int64(value)
        case .number, nil: nil
        }
    }

    public func text(_ name: String) -> String? {
        fields[name]?.description
    }

    public var playbackType: PlaybackType? {
        text("playbackType").flatMap(PlaybackType.init(rawValue:))
    }
}
