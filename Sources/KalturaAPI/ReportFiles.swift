import Foundation
import Synchronization

/// CSV files written by `report.getUrlForReportAsCsv`, served by `report.serve` to a session of the
/// same partner for an hour. Kept in memory and bounded: they are small and made to be downloaded once.
final class ReportFiles: Sendable {
    struct File: Sendable {
        var partnerId: Int
        var expires: Int64
        var body: String
    }

    static let lifetime: Int64 = 3600
    static let capacity = 1000
    private let files = Mutex<[String: File]>([:])

    func add(_ body: String, partnerId: Int, now: Int64) -> String {
        let id = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max)) }.joined()
        files.withLock { files in
            files = files.filter { $0.value.expires > now }
            if files.count >= Self.capacity, let oldest = files.min(by: { $0.value.expires < $1.value.expires }) {
                files[oldest.key] = nil
            }
            files[id] = File(partnerId: partnerId, expires: now + Self.lifetime, body: body)
        }
        return id
    }

    /// The file, only for its own partner and before it expires.
    func file(_ id: String, partnerId: Int, now: Int64) -> File? {
        files.withLock { files in
            guard let file = files[id], file.partnerId == partnerId, file.expires > now else { return nil }
            return file
        }
    }
}

/// Cells of a CSV line, quoted where they need it (RFC 4180).
enum CSV {
    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\n"
    }

    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
