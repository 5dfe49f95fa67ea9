import ArgumentParser
import Foundation
import Ingest
import Logging
import Server

/// The options `serve` and `demo` share.
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "Flush the write buffer at least this often (milliseconds).")
    var flushIntervalMs = 500

    @Option(help: "Flush as soon as this many beacons are waiting.")
    var flushBatch = 5_000

    @Option(help: "Beacons the write buffer may hold before it answers 503.")
    var bufferCapacity = 1_000_000

    @Option(
        help: ArgumentHelp(
            "Admin token that lets batch lines set eventTime and clientIp (backfill). Defaults to $WEBCAST_BACKFILL_TOKEN.",
            valueName: "token"
        )
    )
    var backfillToken: String?

    @Flag(help: "Take the viewer IP from X-Forwarded-For (only behind your own proxy).")
    var trustForwardedFor = false

    @Option(
        help: ArgumentHelp(
            "Delete the beacons of whole days older than this, with their rollups, at start and hourly (e.g. 30d). Unset keeps every beacon.",
            valueName: "days"
        )
    )
    var retention: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1…65535, got \(port)") }
        guard flushIntervalMs > 0 else { throw ValidationError("--flush-interval-ms must be positive") }
        guard flushBatch > 0 else { throw ValidationError("--flush-batch must be positive") }
        guard bufferCapacity >= flushBatch else { throw ValidationError("--buffer-capacity must be at least --flush-batch") }
        if let retention, Self.days(retention) == nil {
            throw ValidationError("--retention: expected whole days from 1 on, such as 30d, got \"\(retention)\"")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level \"\(logLevel)\"") }
    }

    var serverConfiguration: ServerConfiguration {
        ServerConfiguration(
            host: host,
            port: port,
            writeBuffer: WriteBuffer.Configuration(
                maxBatch: flushBatch,
                flushInterval: .milliseconds(flushIntervalMs),
                capacity: bufferCapacity
            ),
            backfillToken: backfillToken ?? ProcessInfo.processInfo.environment["WEBCAST_BACKFILL_TOKEN"],
            trustForwardedFor: trustForwardedFor,
            retentionDays: retention.flatMap(Self.days)
        )
    }

    /// `30d` or `30`: retention deletes whole days, so it is set in days.
    static func days(_ text: String) -> Int? {
        let number = text.hasSuffix("d") ? text.dropLast() : Substring(text)
        guard let days = Int(number), days >= 1, days <= 100_000 else { return nil }
        return days
    }
}
