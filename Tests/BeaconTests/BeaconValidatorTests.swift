import Testing

@testable import Beacon

/// The four identifying fields, valid.
func identity(_ eventType: EventType = .view) -> [String: String] {
    ["eventType": String(eventType.rawValue), "partnerId": "42", "entryId": "1_abcd", "sessionId": "a1b2-c3:d4"]
}

func validate(_ values: [String: String]) throws(BeaconRejection) -> Beacon {
    try BeaconValidator.validate(BeaconParameters(values))
}

func rejection(_ values: [String: String]) -> BeaconRejection? {
    do {
        _ = try validate(values)
        return nil
    } catch {
        return error
    }
}

@Suite struct BeaconValidatorTests {
    @Test(arguments: ["eventType", "partnerId", "entryId", "sessionId"])
    func missingRequiredFieldIsNamed(_ field: String) {
        var values = identity()
        values[field] = nil
        #expect(rejection(values) == BeaconRejection(field: field, reason: .missingField, message: "\(field): required"))
        values[field] = ""
        #expect(rejection(values)?.reason == .missingField)
    }

    @Test func identityIsTyped() throws {
        let beacon = try validate(identity())
        #expect(beacon.eventType == .view)
        #expect(beacon.partnerId == 42)
        #expect(beacon.entryId == "1_abcd")
        #expect(beacon.sessionId == "a1b2-c3:d4")
    }

    @Test(arguments: [
        ("eventType", "view", RejectionReason.invalidType),
        ("eventType", "7", .unknownEventType),
        ("eventType", "100", .unknownEventType),
        ("partnerId", "abc", .invalidType),
        ("partnerId", "1.5", .invalidType),
        ("partnerId", "0", .outOfRange),
        ("partnerId", "-3", .outOfRange),
        ("entryId", "1_abc'; DROP TABLE beacon", .invalidValue),
        ("entryId", String(repeating: "e", count: 65), .tooLong),
        ("sessionId", "s\n1", .invalidValue),
    ])
    func badIdentityIsNamed(field: String, value: String, reason: RejectionReason) {
        var values = identity()
        values[field] = value
        let error = rejection(values)
        #expect(error?.field == field)
        #expect(error?.reason == reason)
        #expect(error?.message.hasPrefix("\(field): ") == true)
    }

    @Test(arguments: [
        ("bufferTime", "10.5", RejectionReason.outOfRange),
        ("bufferTime", "-1", .outOfRange),
        ("bufferTime", "lots", .invalidType),
        ("bufferTime", "nan", .invalidType),
        ("soundMode", "3", .invalidValue),
        ("tabMode", "0", .invalidValue),
        ("screenMode", "on", .invalidValue),
        ("viewabilityMode", "5", .invalidValue),
        ("playbackType", "tv", .invalidValue),
        ("playTimeSum", "-10", .outOfRange),
        ("droppedFramesRatio", "1.5", .outOfRange),
        ("flavorParamsId", "3.5", .invalidType),
        ("eventIndex", "-1", .outOfRange),
        ("playbackSpeed", "100", .outOfRange),
        ("userId", String(repeating: "u", count: 257), .tooLong),
    ])
    func badViewFieldIsNamed(field: String, value: String, reason: RejectionReason) {
        var values = identity(.view)
        values[field] = value
        let error = rejection(values)
        #expect(error?.field == field)
        #expect(error?.reason == reason)
    }

    @Test func rangeMessageSaysTheBoundsAndTheEvent() {
        var values = identity(.view)
        values["bufferTime"] = "12"
        #expect(rejection(values)?.message == "bufferTime: 12 is outside 0…10 for VIEW")
    }

    @Test func bufferTimeAboveTenIsValidOutsideView() throws {
        var values = identity(.play)
        values["bufferTime"] = "12.5"
        #expect(try validate(values).number("bufferTime") == 12.5)
    }

    @Test func megabyteStringIsTooLongAndNotEchoedBack() {
        var values = identity()
        values["customVar1"] = String(repeating: "x", count: 1 << 20)
        let error = rejection(values)
        #expect(error?.reason == .tooLong)
        #expect(error?.field == "customVar1")
        #expect(error?.message == "customVar1: 1048576 bytes, the limit is 1024")
    }

    @Test func fieldOfAnotherEventIsIgnoredNotRejected() throws {
        var values = identity(.pause)
        values["bufferTime"] = "999"
        values["errorCode"] = "not a number"
        let beacon = try validate(values)
        #expect(beacon.fields["bufferTime"] == nil)
        #expect(beacon.fields["errorCode"] == nil)
    }

    @Test func unknownAndEmptyParametersAreIgnored() throws {
        var values = identity()
        values["someFutureField"] = "x"
        values["bufferTime"] = ""
        let beacon = try validate(values)
        #expect(beacon.fields.isEmpty)
    }

    @Test func viewKeepsItsMeasurements() throws {
        var values = identity(.view)
        values.merge(
            [
                "playTimeSum": "30", "bufferTime": "0.5", "bufferTimeSum": "1.5", "actualBitrate": "1500",
                "averageBitrate": "1400", "soundMode": "2", "tabMode": "1", "screenMode": "2", "viewabilityMode": "2",
                "bandwidth": "5000", "droppedFramesRatio": "-1", "flavorParamsId": "487041", "playbackType": "dvr",
                "position": "-130.5", "networkConnectionType": "4g",
            ],
            uniquingKeysWith: { $1 }
        )
        let beacon = try validate(values)
        #expect(beacon.number("playTimeSum") == 30)
        #expect(beacon.number("bufferTime") == 0.5)
        #expect(beacon.integer("flavorParamsId") == 487_041)
        #expect(beacon.playbackType == .dvr)
        #expect(beacon.number("position") == -130.5)
        #expect(beacon.text("networkConnectionType") == "4g")
        #expect(beacon.fields.count == 15)
    }

    @Test(arguments: [
        (EventType.error, ["errorCode": "7003", "errorDetails": "{\"message\":\"fatal\"}", "errorPosition": "2"]),
        (.seek, ["targetPosition": "120.5"]),
        (.audioSelected, ["language": "eng"]),
        (.flavorSwitch, ["actualBitrate": "2400"]),
        (.sourceSelected, ["actualBitrate": "-1"]),
        (.impression, ["playerJSLoadTime": "0.8", "loadedPlugins": "kava,ima"]),
        (.play, ["bufferTime": "1.2", "bufferTimeSum": "1.2", "actualBitrate": "900", "joinTime": "2.1", "canPlay": "1.9"]),
        (.resume, ["bufferTime": "0", "bufferTimeSum": "3", "actualBitrate": "900"]),
        (.shareNetwork, ["socialNetwork": "linkedin"]),
        (.reportSubmitted, ["reportType": "spam"]),
        (.enterFullscreen, ["screenMode": "2"]),
        (.exitFullscreen, ["screenMode": "1"]),
    ])
    func perEventParametersAreKept(eventType: EventType, extra: [String: String]) throws {
        let beacon = try validate(identity(eventType).merging(extra) { $1 })
        #expect(Set(beacon.fields.keys) == Set(extra.keys))
    }

    @Test func errorPositionIsOneOfThree() {
        var values = identity(.error)
        values["errorPosition"] = "4"
        #expect(rejection(values)?.reason == .invalidValue)
    }
}
