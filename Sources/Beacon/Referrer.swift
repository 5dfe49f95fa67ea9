import Foundation

/// KAVA sends the page address base64-encoded; Kaltura's collector decodes URL-safe base64 as well.
public enum Referrer {
    /// The decoded address, or `nil` when the value is not base64 of UTF-8 text.
    public static func decode(_ encoded: String) -> String? {
        var text = encoded.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
            .replacingOccurrences(of: " ", with: "+")
        let remainder = text.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { text += String(repeating: "=", count: 4 - remainder) }
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8) else { return nil }
        return decoded
    }
}
