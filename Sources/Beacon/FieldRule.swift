/// What one beacon parameter may hold. Rules are data so that the validator, the docs and the
/// tests read from one table.
public struct FieldRule: Sendable {
    public enum Kind: Sendable {
        case integer(ClosedRange<Int64>)
        case number(ClosedRange<Double>)
        case choice([String])
        case text(maxBytes: Int)
    }

    public var name: String
    public var kind: Kind
    /// The events that carry this field; `nil` means every event.
    public var events: Set<EventType>?

    public init(_ name: String, _ kind: Kind, events: Set<EventType>? = nil) {
        self.name = name
        self.kind = kind
        self.events = events
    }
}

extension FieldRule.Kind {
    static let nonNegative = Self.number(0...Double.greatestFiniteMagnitude)
    /// KAVA sends −1 where a player cannot measure a value.
    static let measuredOrUnknown = Self.number(-1...Double.greatestFiniteMagnitude)
    static let finite = Self.number(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    static let onOff = Self.choice(["1", "2"])
}

/// The optional parameters of KAVA's event model (reference §4.3). Unknown names are ignored,
/// so that newer players keep working.
public enum BeaconSchema {
    public static let view: Set<EventType> = [.view]
    static let playLike: Set<EventType> = [.view, .play, .resume]
    static let bitrateEvents: Set<EventType> = [.view, .play, .resume, .sourceSelected, .flavorSwitch]

    public static let optionalFields: [FieldRule] = [
        // Common to every event.
        FieldRule("eventIndex", .integer(0...Int64(Int32.max))),
        FieldRule("referrer", .text(maxBytes: 8192)),
        FieldRule("deliveryType", .text(maxBytes: 32)),
        FieldRule("playbackType", .choice(PlaybackType.allCases.map(\.rawValue))),
        FieldRule("clientVer", .text(maxBytes: 64)),
        FieldRule("clientTag", .text(maxBytes: 128)),
        FieldRule("position", .finite),
        FieldRule("playbackSpeed", .number(0...16)),
        FieldRule("playerSkin", .text(maxBytes: 128)),
        FieldRule("caption", .text(maxBytes: 64)),
        FieldRule("sessionStartTime", .nonNegative),
        FieldRule("ks", .text(maxBytes: 4096)),
        FieldRule("virtualEventId", .integer(0...Int64.max)),
        FieldRule("uiConfId", .integer(0...Int64.max)),
        FieldRule("playlistId", .text(maxBytes: 128)),
        FieldRule("customVar1", .text(maxBytes: 1024)),
        FieldRule("customVar2", .text(maxBytes: 1024)),
        FieldRule("customVar3", .text(maxBytes: 1024)),
        FieldRule("playbackContext", .text(maxBytes: 1024)),
        FieldRule("application", .text(maxBytes: 128)),
        FieldRule("kalturaApplication", .text(maxBytes: 128)),
        FieldRule("kalturaApplicationVer", .text(maxBytes: 64)),
        FieldRule("hostingKalturaApplication", .text(maxBytes: 128)),
        FieldRule("hostingKalturaApplicationVersion", .text(maxBytes: 64)),
        FieldRule("userId", .text(maxBytes: 256)),
        FieldRule("persistentSessionId", .text(maxBytes: 128)),
        // VIEW, and the play-like events that share its buffer and bitrate fields.
        FieldRule("playTimeSum", .nonNegative, events: view),
        FieldRule("bufferTime", .nonNegative, events: playLike),
        FieldRule("bufferTimeSum", .nonNegative, events: playLike),
        FieldRule("actualBitrate", .measuredOrUnknown, events: bitrateEvents),
        FieldRule("averageBitrate", .measuredOrUnknown, events: view),
        FieldRule("audioLanguage", .text(maxBytes: 32), events: view),
        FieldRule("soundMode", .onOff, events: view),
        FieldRule("tabMode", .onOff, events: view),
        FieldRule("viewabilityMode", .onOff, events: view),
        FieldRule("screenMode", .onOff, events: [.view, .enterFullscreen, .exitFullscreen]),
        FieldRule("forwardBufferHealth", .measuredOrUnknown, events: view),
        FieldRule("manifestDownloadTime", .measuredOrUnknown, events: view),
        FieldRule("segmentDownloadTime", .measuredOrUnknown, events: view),
        FieldRule("bandwidth", .measuredOrUnknown, events: view),
        FieldRule("droppedFramesRatio", .number(-1...1), events: view),
        FieldRule("targetBuffer", .measuredOrUnknown, events: view),
        FieldRule("networkConnectionType", .text(maxBytes: 16), events: [.view, .play]),
        FieldRule("networkConnectionOverhead", .measuredOrUnknown, events: view),
        FieldRule("flavorParamsId", .integer(-1...Int64.max), events: view),
        FieldRule("playbackMode", .text(maxBytes: 32), events: view),
        FieldRule("sourceEntryId", .text(maxBytes: 64), events: view),
        // The rest of the per-event parameters.
        FieldRule("playerJSLoadTime", .nonNegative, events: [.impression]),
        FieldRule("loadedPlugins", .text(maxBytes: 4096), events: [.impression]),
        FieldRule("joinTime", .nonNegative, events: [.play]),
        FieldRule("canPlay", .nonNegative, events: [.play]),
        FieldRule("targetPosition", .finite, events: [.seek]),
        FieldRule("language", .text(maxBytes: 32), events: [.audioSelected]),
        FieldRule("errorCode", .integer(Int64.min...Int64.max), events: [.error]),
        FieldRule("errorDetails", .text(maxBytes: 16384), events: [.error]),
        FieldRule("errorPosition", .choice(["1", "2", "3"]), events: [.error]),
        FieldRule("socialNetwork", .text(maxBytes: 64), events: [.shareNetwork]),
        FieldRule("reportType", .text(maxBytes: 64), events: [.reportSubmitted]),
    ]

    /// VIEW reports the buffering since the previous VIEW, at most the 10-s interval.
    public static let viewBufferTime = FieldRule("bufferTime", .number(0...10), events: view)

    static let rulesByName: [String: FieldRule] = Dictionary(
        uniqueKeysWithValues: optionalFields.map { ($0.name, $0) }
    )
}
