import Foundation
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

    /// The byte-level decoder answers as Foundation's percent decoding does, broken input included.
    @Test(arguments: [
        "plain", "a+b", "%41%62c", "Z%C3%BCrich+%E6%9D%B1%E4%BA%AC", "%F0%9F%8E%A5", "100%", "%2", "%zz", "a%4", "%E2%82",
        "%FF", "+%2B+", "%%41", "", "%c3%bc",
    ])
    func formDecodingMatchesFoundation(text: String) {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        #expect(BeaconParameters.formDecode(Substring(text)) == (spaced.removingPercentEncoding ?? spaced))
    }

    @Test func laterSourceWins() {
        var query = BeaconParameters(["eventType": "99", "entryId": "1_a"])
        query.merge(BeaconParameters(["entryId": "1_b", "bufferTime": "0"]))
        #expect(query.values == ["eventType": "99", "entryId": "1_b", "bufferTime": "0"])
    }
}
