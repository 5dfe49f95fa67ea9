import Testing

@testable import Beacon

@Suite struct EventTypeTests {
    @Test func thereAreThirtyOneKAVAEventTypes() {
        // Reference §4.2 lists 31 numbers (the foundation issue says "30"): every one is modelled.
        #expect(EventType.allCases.count == 31)
        #expect(EventType.view.rawValue == 99)
        #expect(EventType.bufferEnd.rawValue == 46)
        #expect(Set(EventType.allCases.map(\.name)).count == 31)
    }

    @Test(arguments: EventType.allCases)
    func everyEventTypeValidatesWithItsCommonParameters(_ eventType: EventType) throws {
        var values = identity(eventType)
        values.merge(
            [
                "eventIndex": "4", "referrer": "aHR0cHM6Ly9leGFtcGxlLmNvbQ==", "deliveryType": "hls", "playbackType": "live",
                "clientVer": "3.17.0", "clientTag": "html5:v3.17.0", "position": "-2.5", "playbackSpeed": "1",
                "uiConfId": "51234", "userId": "jane@example.com", "customVar1": "town-hall",
            ],
            uniquingKeysWith: { $1 }
        )
        let beacon = try validate(values)
        #expect(beacon.eventType == eventType)
        #expect(beacon.fields.count == 11)
    }

    @Test(arguments: [0, 5, 10, 44, 47, 97, 100, 10_002])
    func numbersOutsideTheModelAreUnknown(_ number: Int) {
        var values = identity()
        values["eventType"] = String(number)
        #expect(rejection(values)?.reason == .unknownEventType)
    }
}
