import Testing

@testable import Beacon

@Suite struct EnrichmentTests {
    let context = ReceiveContext(
        timeMs: 1_795_000_000_123,
        userAgent: UserAgentInfo(device: .mobile, osFamily: "iOS", browserFamily: "Safari"),
        clientIP: "203.0.113.7"
    )

    @Test(arguments: [
        ("2", "2", "1", "SoundOnTabFocusedFullScreenOff", true),
        ("2", "2", "2", "SoundOnTabFocusedFullScreen", true),
        ("2", "2", nil, "SoundOnTabFocused", true),
        ("1", "2", "2", "SoundOffTabFocusedFullScreen", false),
        ("2", "1", "1", "SoundOnTabNotFocusedFullScreenOff", false),
        ("1", "1", nil, "SoundOffTabNotFocused", false),
    ])
    func engagementFollowsKaltura(sound: String, tab: String, screen: String?, name: String, engaged: Bool) {
        let engagement = Engagement(soundMode: sound, tabMode: tab, screenMode: screen)
        #expect(engagement?.name == name)
        #expect(engagement?.isEngaged == engaged)
    }

    @Test func engagementNeedsSoundAndTab() {
        #expect(Engagement(soundMode: "2", tabMode: nil, screenMode: "1") == nil)
    }

    @Test func viewIsEnrichedIntoItsRow() throws {
        var values = identity(.view)
        values.merge(
            [
                "bufferTime": "1.5", "actualBitrate": "1200", "bandwidth": "-1", "soundMode": "2", "tabMode": "2",
                "playbackType": "live", "referrer": "aHR0cHM6Ly9leGFtcGxlLmNvbS9wYWdl", "ks": "djJ8secret",
                "customVar2": "hall-b", "eventIndex": "3", "flavorParamsId": "-1",
            ],
            uniquingKeysWith: { $1 }
        )
        let row = Enrichment.enrich(try validate(values), context: context)
        #expect(row.timeMs == 1_795_000_000_123)
        #expect(row.userKey == "a1b2-c3:d4")
        #expect(row.userId == nil)
        #expect(row.bufferTime == 1.5)
        #expect(row.actualBitrate == 1200)
        #expect(row.bandwidth == nil, "−1 means not measured")
        #expect(row.flavorParamsId == nil)
        #expect(row.engaged)
        #expect(row.engagement == "SoundOnTabFocused")
        #expect(row.referrer == "https://example.com/page")
        #expect(row.device == .mobile)
        #expect(row.clientIP == "203.0.113.7")
        #expect(row.eventIndex == 3)
        #expect(row.extra == ["customVar2": "hall-b"], "the ks is a credential and is not kept")
    }

    @Test func knownUserIsTheUniqueKey() throws {
        var values = identity(.view)
        values["userId"] = "jane@example.com"
        let row = Enrichment.enrich(try validate(values), context: context)
        #expect(row.userKey == "jane@example.com")
        #expect(Enrichment.uniqueUserKey(userId: "", sessionId: "s") == "s")
    }

    @Test(arguments: [
        ("aHR0cHM6Ly9leGFtcGxlLmNvbS8/YT0xJmI9Mg==", "https://example.com/?a=1&b=2"),
        ("aHR0cHM6Ly9leGFtcGxlLmNvbS8_YT0xJmI9Mg", "https://example.com/?a=1&b=2"),
        // A GET beacon's unescaped "+" arrives as a space after form decoding.
        ("aHR0cHM6Ly9leGFtcGxlLmNvbS8/YT1 fn4mYj0 Pj4=", "https://example.com/?a=~~~&b=>>>"),
        ("aHR0cHM6Ly9leGFtcGxlLmNvbS8_YT1-fn4mYj0-Pj4", "https://example.com/?a=~~~&b=>>>"),
        ("aHR0cDovL3g", "http://x"),
    ])
    func referrerDecodesStandardAndURLSafeBase64(encoded: String, decoded: String) {
        #expect(Referrer.decode(encoded) == decoded)
    }

    @Test(arguments: ["not base64!", "a", "//79"])
    func undecodableReferrerIsNil(_ encoded: String) {
        #expect(Referrer.decode(encoded) == nil)
    }
}
