import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The pages, styles and scripts of the live pane and the webcast report, read once from the
/// target's resources: everything is served by this server, nothing from a CDN.
struct Assets: Sendable {
    private let files: [String: (type: String, body: ByteBuffer)]

    init() {
        var files: [String: (String, ByteBuffer)] = [:]
        let folder = Bundle.module.resourceURL?.appendingPathComponent("Assets")
        for name in (folder.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []) {
            guard let folder, let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            files[name] = (Self.type(of: name), ByteBuffer(bytes: data))
        }
        self.files = files
    }

    func response(_ name: String) -> Response {
        guard let file = files[name] else { return Response(status: .notFound) }
        return Response(
            status: .ok,
            headers: [.contentType: file.type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: file.body)
        )
    }

    private static func type(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
