/// The device classes of Kaltura's `device` report dimension.
public enum DeviceClass: String, Sendable, CaseIterable, Codable {
    case computer = "Computer"
    case mobile = "Mobile"
    case tablet = "Tablet"
    case gameConsole = "Game console"
    case digitalMediaReceiver = "Digital media receiver"
    case smartTV = "Smart TV"
    case other = "Other"
}

/// What a User-Agent string says about the viewer's device, operating system and browser.
public struct UserAgentInfo: Sendable, Equatable, Hashable {
    public var device: DeviceClass
    public var osFamily: String
    public var browserFamily: String

    public init(device: DeviceClass, osFamily: String, browserFamily: String) {
        self.device = device
        self.osFamily = osFamily
        self.browserFamily = browserFamily
    }

    public static let unknown = UserAgentInfo(device: .other, osFamily: "Other", browserFamily: "Other")
}

/// Classifies User-Agent strings with ordered token rules: the first rule whose tokens all occur wins.
///
/// Token order matters because browsers carry each other's names (`Edg/` and `OPR/` sit beside
/// `Chrome/`, every Chromium and WebKit browser says `Safari/`), so the specific rule comes first.
public enum UserAgentClassifier {
    struct Rule<Value: Sendable>: Sendable {
        var all: [String]
        var none: [String] = []
        var value: Value

        func matches(_ userAgent: String) -> Bool {
            all.allSatisfy(userAgent.contains) && !none.contains(where: userAgent.contains)
        }
    }

    static let deviceRules: [Rule<DeviceClass>] = [
        Rule(all: ["PlayStation"], value: .gameConsole),
        Rule(all: ["Xbox"], value: .gameConsole),
        Rule(all: ["Nintendo"], value: .gameConsole),
        Rule(all: ["SMART-TV"], value: .smartTV),
        Rule(all: ["SmartTV"], value: .smartTV),
        Rule(all: ["Web0S"], value: .smartTV),
        Rule(all: ["webOS.TV"], value: .smartTV),
        Rule(all: ["HbbTV"], value: .smartTV),
        Rule(all: ["BRAVIA"], value: .smartTV),
        Rule(all: ["NetCast"], value: .smartTV),
        Rule(all: ["Android TV"], value: .smartTV),
        Rule(all: ["Roku"], value: .digitalMediaReceiver),
        Rule(all: ["AppleTV"], value: .digitalMediaReceiver),
        Rule(all: ["Apple TV"], value: .digitalMediaReceiver),
        Rule(all: ["CrKey"], value: .digitalMediaReceiver),
        Rule(all: ["AFT"], none: ["Mobile"], value: .digitalMediaReceiver),
        Rule(all: ["iPad"], value: .tablet),
        Rule(all: ["Tablet"], value: .tablet),
        Rule(all: ["Kindle"], value: .tablet),
        Rule(all: ["Silk/"], value: .tablet),
        Rule(all: ["Android"], none: ["Mobile"], value: .tablet),
        Rule(all: ["iPhone"], value: .mobile),
        Rule(all: ["iPod"], value: .mobile),
        Rule(all: ["Windows Phone"], value: .mobile),
        Rule(all: ["Android"], value: .mobile),
        Rule(all: ["BlackBerry"], value: .mobile),
        Rule(all: ["Opera Mini"], value: .mobile),
        Rule(all: ["KAIOS"], value: .mobile),
        Rule(all: ["Mobile"], value: .mobile),
        Rule(all: ["Windows NT"], value: .computer),
        Rule(all: ["Macintosh"], value: .computer),
        Rule(all: ["CrOS"], value: .computer),
        Rule(all: ["X11"], value: .computer),
        Rule(all: ["Linux x86_64"], value: .computer),
    ]

    static let osRules: [Rule<String>] = [
        Rule(all: ["Windows Phone"], value: "Windows Phone"),
        Rule(all: ["Xbox"], value: "Windows"),
        Rule(all: ["PlayStation"], value: "PlayStation"),
        Rule(all: ["Nintendo"], value: "Nintendo"),
        Rule(all: ["Roku"], value: "Roku OS"),
        Rule(all: ["AppleTV"], value: "tvOS"),
        Rule(all: ["Apple TV"], value: "tvOS"),
        Rule(all: ["Tizen"], value: "Tizen"),
        Rule(all: ["Web0S"], value: "webOS"),
        Rule(all: ["webOS"], value: "webOS"),
        Rule(all: ["KAIOS"], value: "KaiOS"),
        Rule(all: ["Android"], value: "Android"),
        Rule(all: ["iPhone"], value: "iOS"),
        Rule(all: ["iPad"], value: "iOS"),
        Rule(all: ["iPod"], value: "iOS"),
        Rule(all: ["CrOS"], value: "Chrome OS"),
        Rule(all: ["Windows"], value: "Windows"),
        Rule(all: ["Mac OS X"], value: "macOS"),
        Rule(all: ["Macintosh"], value: "macOS"),
        Rule(all: ["CrKey"], value: "Linux"),
        Rule(all: ["Linux"], value: "Linux"),
        Rule(all: ["X11"], value: "Linux"),
    ]

    static let browserRules: [Rule<String>] = [
        Rule(all: ["Edg/"], value: "Edge"),
        Rule(all: ["EdgA/"], value: "Edge"),
        Rule(all: ["EdgiOS/"], value: "Edge"),
        Rule(all: ["Edge/"], value: "Edge"),
        Rule(all: ["OPR/"], value: "Opera"),
        Rule(all: ["Opera"], value: "Opera"),
        Rule(all: ["SamsungBrowser/"], value: "Samsung Internet"),
        Rule(all: ["YaBrowser/"], value: "Yandex Browser"),
        Rule(all: ["UCBrowser/"], value: "UC Browser"),
        Rule(all: ["Silk/"], value: "Silk"),
        Rule(all: ["Firefox/"], value: "Firefox"),
        Rule(all: ["FxiOS/"], value: "Firefox"),
        Rule(all: ["CriOS/"], value: "Chrome"),
        Rule(all: ["; wv)"], value: "Android WebView"),
        Rule(all: ["Chrome/"], value: "Chrome"),
        Rule(all: ["MSIE "], value: "Internet Explorer"),
        Rule(all: ["Trident/"], value: "Internet Explorer"),
        Rule(all: ["Version/", "Safari/"], value: "Safari"),
        Rule(all: ["iPhone"], none: ["Safari/"], value: "iOS WebView"),
        Rule(all: ["iPad"], none: ["Safari/"], value: "iOS WebView"),
    ]

    public static func classify(_ userAgent: String) -> UserAgentInfo {
        guard !userAgent.isEmpty else { return .unknown }
        return UserAgentInfo(
            device: first(deviceRules, userAgent) ?? .other,
            osFamily: first(osRules, userAgent) ?? "Other",
            browserFamily: first(browserRules, userAgent) ?? "Other"
        )
    }

    private static func first<Value>(_ rules: [Rule<Value>], _ userAgent: String) -> Value? {
        rules.first { $0.matches(userAgent) }?.value
    }
}
