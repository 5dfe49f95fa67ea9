import Testing

@testable import Beacon

@Suite struct BeaconParametersTests {
    @Test func jsonScalarsBecomeText() throws {
        let body = #"{"eventType": 99, "position": -2.5, "big": 12345678901, "flag": true, "name": "x", "gone": null}"#
        let parameters = try BeaconParameters(json: Array(body.utf8))
        #expect(parameters.values == ["eventType": "99", "position": "-2.5", "big": "12345678901", "flag": "true", "name": "x"])
    }

    @Test func nestedObjectsFlattenToColonKeys() throws {
        let body = #"{"a": {"b": 1, "c": {"d": "e"}}, "list": ["x", 2]}"#
        let parameters = try BeaconParameters(json: Array(body.utf8))
        #expect(parameters.values == ["a:b": "1", "a:c:d": "e", "list": "x,2"])
    }

    @Test(arguments: ["{", "[1,2]", "\"text\"", "{\"a\":}", ""])
    func invalidJSONIsRejected(_ body: String) {
        #expect(throws: BeaconRejection.self) { try BeaconParameters(json: Array(body.utf8)) }
        do {
            _ = try BeaconParameters(json: Array(body.utf8))
        } catch {
            #expect(error.reason == .invalidJSON)
        }
    }

    @Test func formEncodingDecodesPlusAndPercent() {
        let parameters = BeaconParameters(formEncoded: "a=hello+world&b=%2Fx%3Ay&c%3Ad=1&empty=&flag&=skip")
        #expect(parameters.values == ["a": "hello world", "b": "/x:y", "c:d": "1", "empty": "", "flag": ""])
    }

    @Test func laterSourceWins() {
        var query = BeaconParameters(["eventType": "99", "entryId": "1_a"])
        query.merge(BeaconParameters(["entryId": "1_b", "bufferTime": "0"]))
        #expect(query.values == ["eventType": "99", "entryId": "1_b", "bufferTime": "0"])
    }
}
