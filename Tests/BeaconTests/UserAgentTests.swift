import Testing

@testable import Beacon

/// Real User-Agent strings as browsers and devices send them, with what the classifier must say.
let userAgentTable: [(userAgent: String, device: DeviceClass, os: String, browser: String)] = [
    // Computers
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .computer, "Windows",
        "Chrome"
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", .computer,
        "Windows", "Edge"
    ),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", .computer, "Windows", "Firefox"),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", .computer,
        "Windows", "Opera"
    ),
    ("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", .computer, "Windows", "Internet Explorer"),
    ("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)", .computer, "Windows", "Internet Explorer"),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36",
        .computer, "Windows", "Yandex Browser"
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", .computer, "macOS",
        "Safari"
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .computer, "macOS",
        "Chrome"
    ),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", .computer, "macOS", "Firefox"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .computer, "Linux", "Chrome"),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", .computer, "Linux", "Firefox"),
    (
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .computer, "Chrome OS",
        "Chrome"
    ),
    // Phones
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        .mobile, "iOS", "Safari"
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        .mobile, "iOS", "Chrome"
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
        .mobile, "iOS", "Firefox"
    ),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", .mobile, "iOS", "iOS WebView"),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", .mobile, "Android", "Chrome"),
    (
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        .mobile, "Android", "Samsung Internet"
    ),
    ("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", .mobile, "Android", "Firefox"),
    (
        "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36",
        .mobile, "Android", "Android WebView"
    ),
    (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0", .mobile,
        "Android", "Edge"
    ),
    (
        "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977",
        .mobile, "Windows Phone", "Edge"
    ),
    ("Mozilla/5.0 (Mobile; Nokia 8000 4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5.2", .mobile, "KaiOS", "Firefox"),
    // Tablets
    (
        "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", .tablet,
        "iOS", "Safari"
    ),
    ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", .tablet, "Android", "Chrome"),
    (
        "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/131.2.1 like Chrome/131.0.6778.39 Safari/537.36",
        .tablet, "Android", "Silk"
    ),
    // Game consoles
    (
        "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15", .gameConsole,
        "PlayStation", "Safari"
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        .gameConsole, "Windows", "Edge"
    ),
    (
        "Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393",
        .gameConsole, "Nintendo", "Other"
    ),
    // Smart TVs
    (
        "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36", .smartTV, "Tizen",
        "Other"
    ),
    (
        "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager", .smartTV,
        "webOS", "Chrome"
    ),
    (
        "Mozilla/5.0 (Linux; Android 9; BRAVIA 4K GB ATV3 Build/PTT1.190515.001.S52) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36",
        .smartTV, "Android", "Chrome"
    ),
    // Digital media receivers
    ("Roku/DVP-12.5 (12.5.0.4178-AE)", .digitalMediaReceiver, "Roku OS", "Other"),
    ("AppleTV11,1/11.1", .digitalMediaReceiver, "tvOS", "Other"),
    (
        "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.200 Safari/537.36 CrKey/1.56.500000 DeviceType/AndroidTV",
        .digitalMediaReceiver, "Android", "Chrome"
    ),
    (
        "Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7633.3445N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Safari/537.36",
        .digitalMediaReceiver, "Android", "Android WebView"
    ),
    // Neither browsers nor devices
    ("curl/8.5.0", .other, "Other", "Other"),
    ("python-requests/2.34.2", .other, "Other", "Other"),
    ("", .other, "Other", "Other"),
]

@Suite struct UserAgentTests {
    @Test func tableHasAtLeastThirtyRealStrings() {
        #expect(userAgentTable.filter { !$0.userAgent.isEmpty }.count >= 30)
        #expect(Set(userAgentTable.map(\.device)) == Set(DeviceClass.allCases), "every device class is exercised")
    }

    @Test(arguments: userAgentTable)
    func classifies(userAgent: String, device: DeviceClass, os: String, browser: String) {
        let info = UserAgentClassifier.classify(userAgent)
        #expect(info.device == device, "\(userAgent)")
        #expect(info.osFamily == os, "\(userAgent)")
        #expect(info.browserFamily == browser, "\(userAgent)")
    }
}
