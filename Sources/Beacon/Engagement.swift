/// Kaltura's `userEngagement` dimension, built from a VIEW's `soundMode`, `tabMode` and `screenMode`.
///
/// The raw value is Kaltura's name: `Sound{On|Off}Tab{Focused|NotFocused}[FullScreen|FullScreenOff]`.
public struct Engagement: Sendable, Equatable, Hashable {
    public var soundOn: Bool
    public var tabFocused: Bool
    /// `nil` when the player did not report `screenMode`.
    public var fullScreen: Bool?

    public init(soundOn: Bool, tabFocused: Bool, fullScreen: Bool?) {
        self.soundOn = soundOn
        self.tabFocused = tabFocused
        self.fullScreen = fullScreen
    }

    /// `nil` unless both `soundMode` and `tabMode` were sent (1 = off/not focused, 2 = on/focused).
    public init?(soundMode: String?, tabMode: String?, screenMode: String?) {
        guard let soundMode, let tabMode else { return nil }
        self.init(soundOn: soundMode == "2", tabFocused: tabMode == "2", fullScreen: screenMode.map { $0 == "2" })
    }

    public var name: String {
        let screen: String =
            switch fullScreen {
            case true?: "FullScreen"
            case false?: "FullScreenOff"
            case nil: ""
            }
        return "Sound\(soundOn ? "On" : "Off")Tab\(tabFocused ? "Focused" : "NotFocused")\(screen)"
    }

    /// Kaltura's realtime "engaged" set: sound on and the tab focused, whatever the screen mode.
    public var isEngaged: Bool { soundOn && tabFocused }
}
