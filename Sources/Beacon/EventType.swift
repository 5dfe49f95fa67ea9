/// The event types of Kaltura's player analytics plugin (KAVA), by their wire number.
public enum EventType: Int, Sendable, CaseIterable, Codable {
    case impression = 1
    case playRequest = 2
    case play = 3
    case resume = 4
    case playReached25Percent = 11
    case playReached50Percent = 12
    case playReached75Percent = 13
    case playReached100Percent = 14
    case playReached90Percent = 15
    case shareClicked = 21
    case shareNetwork = 22
    case download = 23
    case reportClicked = 24
    case reportSubmitted = 25
    case enterFullscreen = 31
    case exitFullscreen = 32
    case pause = 33
    case replay = 34
    case seek = 35
    case relatedOpen = 36
    case relatedSelected = 37
    case captions = 38
    case sourceSelected = 39
    case info = 40
    case speed = 41
    case audioSelected = 42
    case flavorSwitch = 43
    case bufferStart = 45
    case bufferEnd = 46
    case error = 98
    case view = 99

    /// The upper-case name KAVA's documentation uses, e.g. `PLAY_REQUEST`.
    public var name: String {
        switch self {
        case .impression: "IMPRESSION"
        case .playRequest: "PLAY_REQUEST"
        case .play: "PLAY"
        case .resume: "RESUME"
        case .playReached25Percent: "PLAY_REACHED_25_PERCENT"
        case .playReached50Percent: "PLAY_REACHED_50_PERCENT"
        case .playReached75Percent: "PLAY_REACHED_75_PERCENT"
        case .playReached100Percent: "PLAY_REACHED_100_PERCENT"
        case .playReached90Percent: "PLAY_REACHED_90_PERCENT"
        case .shareClicked: "SHARE_CLICKED"
        case .shareNetwork: "SHARE_NETWORK"
        case .download: "DOWNLOAD"
        case .reportClicked: "REPORT_CLICKED"
        case .reportSubmitted: "REPORT_SUBMITTED"
        case .enterFullscreen: "ENTER_FULLSCREEN"
        case .exitFullscreen: "EXIT_FULLSCREEN"
        case .pause: "PAUSE"
        case .replay: "REPLAY"
        case .seek: "SEEK"
        case .relatedOpen: "RELATED_OPEN"
        case .relatedSelected: "RELATED_SELECTED"
        case .captions: "CAPTIONS"
        case .sourceSelected: "SOURCE_SELECTED"
        case .info: "INFO"
        case .speed: "SPEED"
        case .audioSelected: "AUDIO_SELECTED"
        case .flavorSwitch: "FLAVOR_SWITCH"
        case .bufferStart: "BUFFER_START"
        case .bufferEnd: "BUFFER_END"
        case .error: "ERROR"
        case .view: "VIEW"
        }
    }
}

/// How the viewer is watching: on demand, at the live edge, or behind it (DVR, ≥ 120 s behind the edge).
public enum PlaybackType: String, Sendable, CaseIterable, Codable {
    case vod
    case live
    case dvr
}
