import ArgumentParser
import Foundation
import Reports
import SQLiteStore
import Server
import Simulator
import Store
import Synchronization

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server with a demo partner, a simulated live webcast and one past webcast.",
        discussion: "Everything lives in the demo's data folder. Ctrl-C stops the audience and the server cleanly."
    )

    @OptionGroup var options: ServeOptions

    @Option(help: "Folder of the demo's embedded store.")
    var data = "./demo-data"

    @Option(help: "Viewers of the simulated live webcast.")
    var viewers = 3000

    @Option(help: "Length of the live webcast: 30m, 2h.")
    var duration = "60m"

    static let liveEntry = "1_demo_live"
    static let pastEntry = "1_demo_townhall"

    func run() async throws {
        guard let length = SimulateCommand.seconds(duration) else { throw ValidationError("--duration: \"\(duration)\" is not like 30m or 2h") }
        let viewers = viewers
        let data = data
        // Filled in once the store is open, read once the server runs.
        let prepared = Mutex<(partner: Partner?, pastDone: Bool)>((nil, false))
        try await runServer(
            options: options,
            dataDirectory: data,
            configure: { _, store in
                let existing = try await store.partners().first { $0.name == "Demo" }
                let partner =
                    if let existing {
                        existing
                    } else {
                        try await store.addPartner(
                            id: nil,
                            name: "Demo",
                            adminSecret: Secret.make(),
                            userSecret: Secret.make(),
                            createdAt: Int64(Date().timeIntervalSince1970)
                        )
                    }
                let pastDone = try await store.count(BeaconFilter(partnerId: partner.id, entryIds: [Self.pastEntry])) > 0
                prepared.withLock { $0 = (partner, pastDone) }
            },
            onRunning: { [options] port in
                let (partner, pastDone) = prepared.withLock { $0 }
                guard let partner else { return }
                let base = "http://\(options.host):\(port)"
                Self.say(Self.banner(base: base, data: data, partner: partner))
                let sender = BeaconSender(baseURLs: [base], concurrency: 128)
                // The live webcast starts at once; the past one is backfilled beside it.
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let live = Audience.simulate(
                            AudienceSettings(
                                partnerId: partner.id,
                                entryId: Self.liveEntry,
                                viewers: viewers,
                                duration: length,
                                start: Int64(Date().timeIntervalSince1970),
                                seed: UInt64(Date().timeIntervalSince1970)
                            )
                        )
                        Self.say("live webcast \(Self.liveEntry) started: \(viewers) viewers over \(duration)\n")
                        let progress = Progress(run: live, interactive: false, label: "live")
                        try? await sender.sendLive(live.beacons, progress: progress)
                        progress.finish()
                    }
                    guard !pastDone else { return }
                    group.addTask {
                        // Yesterday at 10:00 UTC, a 30-minute town hall of 1,000 viewers.
                        let start = (Int64(Date().timeIntervalSince1970) / 86400 - 1) * 86400 + 36000
                        let past = Audience.simulate(
                            AudienceSettings(partnerId: partner.id, entryId: Self.pastEntry, viewers: 1000, duration: 1800, start: start, seed: 7)
                        )
                        do {
                            // Trusted event times, signed in as the partner's admin.
                            let ks = try await APIClient(baseURL: base).startSession(secret: partner.adminSecret, partnerId: partner.id)
                            try await sender.sendBatches(
                                past.beacons,
                                authorization: "KS \(ks)",
                                progress: Progress(run: past, interactive: false, quiet: true)
                            )
                            Self.say(
                                "past webcast \(Self.pastEntry) backfilled: \(past.beacons.count) beacons, \(past.truth.totals.uniqueUsers) viewers\n"
                            )
                        } catch {
                            Self.say("past webcast backfill failed: \(error)\n")
                        }
                    }
                }
            }
        )
    }

    static func banner(base: String, data: String, partner: Partner) -> String {
        let today = ReportCommand.day(Int64(Date().timeIntervalSince1970))
        return """

            Webcast Analytics demo — server on \(base), data in \(data)

            Demo partner \(partner.id)
              admin secret: \(partner.adminSecret)
              user secret:  \(partner.userSecret)

            Live analytics pane (sign in with the partner id and admin secret above):
              \(base)/live/\(liveEntry)
            Report of yesterday's town hall, after the event:
              \(base)/webcasts/\(pastEntry)

            Reports (Kaltura API at \(base)/api_v3, e.g. with the official client's serviceUrl=\(base)):
              swift run -c release webcast-analytics report --url \(base) --partner \(partner.id) --secret \(partner.adminSecret) \\
                --type USERS_OVERVIEW_REALTIME --from -300 --to 0 --interval ten_seconds --entry \(liveEntry)
              swift run -c release webcast-analytics report --url \(base) --partner \(partner.id) --secret \(partner.adminSecret) \\
                --type ENTRY_LEVEL_USERS_DISCOVERY_REALTIME --from \(today) --entry \(liveEntry) --order -sum_view_time
              swift run -c release webcast-analytics report --url \(base) --partner \(partner.id) --secret \(partner.adminSecret) \\
                --type PLATFORMS_REALTIME --from \(ReportCommand.day(Int64(Date().timeIntervalSince1970) - 86400)) --entry \(pastEntry)
            Metrics: \(base)/metrics

            Ctrl-C stops the audience and the server, after writing every acknowledged beacon.


            """
    }

    /// Written unbuffered: the server runs until Ctrl-C, so a piped stdout would hold it back.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
