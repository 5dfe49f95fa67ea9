public import Beacon

/// Splits a newline-delimited JSON body into beacon parameter bags, keeping each line's number
/// (1-based, counting blank lines) so that rejections can point at it.
public enum NDJSON {
    public static func lines(_ body: [UInt8]) -> [(line: Int, parameters: Result<BeaconParameters, BeaconRejection>)] {
        var result: [(line: Int, parameters: Result<BeaconParameters, BeaconRejection>)] = []
        var lineNumber = 0
        for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard trimmed.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
            do {
                result.append((lineNumber, .success(try BeaconParameters(json: trimmed))))
            } catch {
                result.append((lineNumber, .failure(error)))
            }
        }
        return result
    }
}
