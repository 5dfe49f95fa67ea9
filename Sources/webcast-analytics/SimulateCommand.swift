import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Reports
import Simulator

extension AudienceShape: ExpressibleByArgument {}

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play a simulated live audience against a server, like real players, and record the ground truth.",
        discussion: """
            --speed realtime sends each beacon when its player would, over HTTP keep-alive, as KAVA does.
            --speed max (or --backfill) sends the whole event through the batch endpoint with trusted event
            times, as fast as the store takes it. It signs in with the partner's admin secret (an admin KS),
            or with the server's --backfill-token. An event that has not ended yet is sent up to now.
            """
    )

    enum Speed: String, ExpressibleByArgument, CaseIterable {
        case realtime
        case max
    }

    @Option(help: "The server's address; give it again for more servers, which then take turns (a round-robin balancer).")
    var url: [String] = ["http://127.0.0.1:8080"]

    @Option(help: "Partner id the players send.")
    var partner: Int

    @Option(help: "Entry id of the webcast.")
    var entry = "1_webcast"

    @Option(help: "Viewers over the whole event.")
    var viewers = 2000

    @Option(help: "Length of the webcast: 90s, 30m, 2h.")
    var duration = "30m"

    @Option(help: "realtime or max.")
    var speed: Speed = .realtime

    @Option(help: "Kind of webcast: \(AudienceShape.allCases.map(\.rawValue).joined(separator: " or ")).")
    var shape: AudienceShape = .townHall

    @Option(help: "Seed: the same seed gives the same audience.")
    var seed: UInt64 = 42

    @Option(help: "Write the ground truth as JSON to this file.")
    var truth: String?

    @Flag(help: "Write a past event as fast as possible (same as --speed max).")
    var backfill = false

    @Option(help: "When the stream starts: ISO 8601 (2026-11-01T10:00Z) or unix seconds. Default: now, or a finished event for --speed max.")
    var start: String?

    @Option(help: "The partner's admin secret, for --speed max (or $WEBCAST_ADMIN_SECRET).")
    var secret: String?

    @Option(help: "The server's backfill token, for --speed max instead of --secret (or $WEBCAST_BACKFILL_TOKEN).")
    var backfillToken: String?

    @Option(help: "Requests in flight at once.")
    var concurrency = 64

    func validate() throws {
        guard !url.isEmpty else { throw ValidationError("--url: give at least one server") }
        guard Self.seconds(duration) != nil else { throw ValidationError("--duration: \"\(duration)\" is not like 90s, 30m or 2h") }
        guard viewers > 0 else { throw ValidationError("--viewers: must be at least 1, not \(viewers)") }
        guard partner > 0 else { throw ValidationError("--partner: must be a positive partner id, not \(partner)") }
        guard concurrency > 0 else { throw ValidationError("--concurrency: must be at least 1, not \(concurrency)") }
        guard !entry.isEmpty, entry.utf8.count <= 64 else { throw ValidationError("--entry: must be 1 to 64 bytes") }
        if let start, Self.time(start) == nil { throw ValidationError("--start: \"\(start)\" is not ISO 8601 or unix seconds") }
    }

    func run() async throws {
        let seconds = Self.seconds(duration)!
        let fast = backfill || speed == .max
        let now = Int64(Date().timeIntervalSince1970)
        let startTime = start.flatMap(Self.time) ?? (fast ? now - seconds - 60 : now)
        let authorization = fast ? try await backfillAuthorization() : ""
        let settings = AudienceSettings(
            partnerId: partner,
            entryId: entry,
            viewers: viewers,
            duration: seconds,
            start: startTime,
            seed: seed,
            shape: shape,
            // The future cannot be backfilled: a running event is sent as far as it has got.
            until: fast && startTime + seconds > now ? now : nil
        )
        let run = Audience.simulate(settings)
        if let truth {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(run.truth).write(to: URL(fileURLWithPath: truth))
        }
        let sender = BeaconSender(baseURLs: url, concurrency: concurrency)
        let progress = Progress(run: run, interactive: isatty(STDOUT_FILENO) == 1)
        if fast {
            try await sender.sendBatches(run.beacons, authorization: authorization, progress: progress)
        } else {
            try await sender.sendLive(run.beacons, progress: progress)
        }
        progress.finish()
    }

    /// An admin KS from the partner's secret, or the server's backfill token.
    private func backfillAuthorization() async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let token = backfillToken ?? environment["WEBCAST_BACKFILL_TOKEN"] { return "Bearer \(token)" }
        guard let secret = secret ?? environment["WEBCAST_ADMIN_SECRET"] else {
            throw ValidationError("--secret: needed for --speed max (the partner's admin secret, or the server's --backfill-token)")
        }
        return "KS \(try await APIClient(baseURL: url[0]).startSession(secret: secret, partnerId: partner))"
    }

    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let value = Int64(text.dropLast()), value > 0 else { return Int64(text).flatMap { $0 > 0 ? $0 : nil } }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        default: return nil
        }
    }

    /// Unix seconds, or a UTC time `YYYY-MM-DDTHH:MM[:SS][Z]`.
    static func time(_ text: String) -> Int64? {
        if let seconds = Int64(text) { return seconds }
        var text = text
        if text.hasSuffix("Z") || text.hasSuffix("z") { text.removeLast() }
        let halves = text.split(separator: "T", maxSplits: 1)
        let day = halves[0].split(separator: "-").compactMap { Int($0) }
        let clock = halves.count > 1 ? halves[1].split(separator: ":").compactMap { Int($0) } : []
        guard day.count == 3, halves.count == 1 || (2...3).contains(clock.count),
            (1...12).contains(day[1]), (1...31).contains(day[2])
        else { return nil }
        let seconds = (clock.first ?? 0) * 3600 + (clock.count > 1 ? clock[1] * 60 : 0) + (clock.count > 2 ? clock[2] : 0)
        return CivilDate(year: day[0], month: day[1], day: day[2]).unixSeconds + Int64(seconds)
    }

}
