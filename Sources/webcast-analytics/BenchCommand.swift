import ArgumentParser
import Beacon
import ClickHouseStore
import Foundation
import LiveState
import Reports
import Rollup
import SQLiteStore
import Store

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest into the embedded store and every realtime report, from rollups and from raw rows.",
        discussion: """
            Builds a webcast of --viewers viewers over --duration in a new SQLite file (a VIEW per viewer
            every 10 s), then times each realtime report over the last 5 minutes and over the whole event,
            --runs times from rollups and --raw-runs times from raw rows, and prints a Markdown table.
            With --clickhouse-url the same beacons also go into a new database of that ClickHouse server,
            and every report runs there too (--clickhouse-runs times) for the ratio.
            Use a release build: swift run -c release webcast-analytics bench
            """
    )

    @Option(help: "Concurrent viewers.")
    var viewers = 10_000

    @Option(help: "Length of the webcast: 30m, 2h.")
    var duration = "2h"

    @Option(help: "Timed runs of each report from rollups (medians need 5 or more).")
    var runs = 5

    @Option(help: "Timed runs of each report from raw rows, for the ratio (0 skips them).")
    var rawRuns = 1

    @Option(help: "A ClickHouse server's HTTP URL: store the same beacons there and time every report on it (its 10-s rollup and raw rows).")
    var clickhouseUrl: String?

    @Option(help: "Timed runs of each report on ClickHouse.")
    var clickhouseRuns = 5

    @Flag(help: "Skip timing a rebuild of the rollups from raw rows (about 10 s per million beacons).")
    var skipRebuild = false

    @Option(help: "Folder for the benchmark's SQLite file; a new temporary one by default.")
    var data: String?

    @Flag(
        help:
            "Time the reports on the beacons a run with the same --viewers, --duration and --data stored (and --clickhouse-database), rebuilding the rollups from them instead of ingesting."
    )
    var reuse = false

    @Option(help: "The ClickHouse database of an earlier run, with --reuse.")
    var clickhouseDatabase: String?

    @Option(help: "ClickHouse's max_memory_usage per query in bytes (its own default is 10 GB; scripts/clickhouse sets 4 GB).")
    var clickhouseMaxMemory: Int?

    @Flag(help: "ClickHouse answers every report from raw rows, not counts and sums from its 10-s rollup: the anchor of the targets.")
    var clickhouseRawRows = false

    @Flag(help: "With --reuse: time ClickHouse only, without rebuilding the rollups.")
    var clickhouseOnly = false

    @Option(help: "Only these report ids, comma-separated (e.g. 10011,10013).")
    var reports: String?

    @Option(help: "Fail (exit 1) when a report from rollups takes more than this many times its target.")
    var failOver: Double?

    func validate() throws {
        guard viewers > 0 else { throw ValidationError("--viewers: must be at least 1") }
        guard SimulateCommand.seconds(duration).map({ $0 >= 600 }) == true else {
            throw ValidationError("--duration: \"\(duration)\" is not a length of at least 10m (90s, 30m, 2h)")
        }
        if reuse, data == nil { throw ValidationError("--reuse: needs the --data folder of the earlier run") }
        guard runs > 0, rawRuns >= 0, clickhouseRuns > 0 else {
            throw ValidationError("--runs and --clickhouse-runs: must be at least 1; --raw-runs at least 0")
        }
    }

    func run() async throws {
        let seconds = SimulateCommand.seconds(duration)!
        let folder = data ?? NSTemporaryDirectory() + "webcast-bench-\(UUID().uuidString)"
        let raw = try SQLiteStore(directory: folder)
        let rolled = RollupStore(base: raw)
        var start = Int64(Date().timeIntervalSince1970) / 3600 * 3600 - seconds - 3600
        // The audience's first beacon is at its start, to the millisecond.
        if reuse, let first = try await raw.beacons(BeaconFilter(partnerId: 1), limit: 1).first { start = first.timeMs / 1000 }
        let audience = BenchAudience(partnerId: 1, entryId: "1_bench", viewers: viewers, start: start, duration: seconds)
        print("# webcast-analytics bench: \(viewers) viewers, \(duration), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("store: \(folder)/webcast.sqlite\n")

        var clickHouse: ClickHouseStore?
        if let clickhouseUrl {
            var configuration = ClickHouseConfiguration(
                url: clickhouseUrl,
                database: clickhouseDatabase ?? "bench_\(Int(Date().timeIntervalSince1970))"
            )
            if let clickhouseMaxMemory { configuration.settings["max_memory_usage"] = String(clickhouseMaxMemory) }
            configuration.readsRollup = !clickhouseRawRows
            clickHouse = try await ClickHouseStore(configuration)
        }
        if let clickHouse { print("ClickHouse: \(clickHouse.configuration.url), database \(clickHouse.configuration.database)\n") }

        let live = Self.measureLiveState(audience)
        print("| live state | value |\n|---|---|")
        print("| viewers on the live board after 10 minutes of VIEWs | \(live.viewers) |")
        print("| memory of the live board | \(live.bytes / 1_048_576) MiB = \(live.bytes / max(1, live.viewers)) bytes/viewer |")
        print("| live board record time | \(String(format: "%.2f", live.secondsPerBeacon * 1e6)) µs/beacon |\n")

        let rssBefore = Self.residentBytes()
        let clock = ContinuousClock()
        if clickhouseOnly {
            guard reuse, clickHouse != nil else { throw ValidationError("--clickhouse-only: needs --reuse and --clickhouse-url") }
        } else if reuse {
            let began = clock.now
            let rebuilt = try await rolled.rebuild()
            let elapsed = (clock.now - began).seconds
            let rollupBytes = Self.residentBytes() - rssBefore
            print("| reused store | value |\n|---|---|")
            print(
                "| rollups rebuilt from the stored raw rows | \(rebuilt) in \(String(format: "%.1f", elapsed)) s = \(Int(Double(rebuilt) / elapsed)) beacons/s |"
            )
            print("| SQLite file per beacon | \(Self.fileBytes(folder) / max(1, rebuilt)) bytes |")
            print("| memory of rollups and user numbers | \(rollupBytes / 1_048_576) MiB = \(rollupBytes / max(1, rebuilt)) bytes/beacon |\n")
        } else {
            try await ingest(audience, into: rolled, clickHouse: clickHouse, folder: folder, rssBefore: rssBefore)
        }

        let end = start + seconds
        // Clients ask for "the last 5 minutes" at any second, so one window is off the 10-s grid.
        let windows: [(name: String, from: Int64, to: Int64, target: Double)] = [
            ("last 5 min", end - 300, end, 0.020), ("last 5 min, 3 s off the grid", end - 303, end - 3, 0.020),
            ("whole event", start, end, 0.100),
        ]
        var failures: [String] = []
        var unchecked: Set<String> = []
        print(
            "| report | range | rollups p50 | rollups p99 | SQLite raw rows | SQLite ÷ rollups | ClickHouse p50 | ClickHouse ÷ rollups |"
        )
        print("|---|---|---|---|---|---|---|---|")
        let chosen = reports.map { Set($0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }) }
        for report in ReportDefinition.all where report.family == .realtime && chosen?.contains(report.id) ?? true {
            for window in windows {
                let request = ReportRequest(filter: BeaconFilter(partnerId: 1), from: window.from, to: window.to, interval: .tenSeconds)
                let fallbacksBefore = rolled.fallbacks.values.reduce(0, +)
                let fast =
                    clickhouseOnly ? [.nan] : try await Self.time(report, request, engine: ReportEngine(store: rolled, now: { end }), runs: runs)
                let readsRaw = rolled.fallbacks.values.reduce(0, +) > fallbacksBefore
                let slow = rawRuns > 0 ? try await Self.time(report, request, engine: ReportEngine(store: raw, now: { end }), runs: rawRuns) : []
                let p50 = Self.percentile(fast, 0.5)
                let p99 = Self.percentile(fast, 0.99)
                let rawMedian = slow.isEmpty ? nil : Self.percentile(slow, 0.5)
                var clickHouseMedian: Double?
                var clickHouseCell = "–"
                if let clickHouse {
                    // A report ClickHouse cannot answer (its memory limit) is a result, not the end of the run.
                    do {
                        let times = try await Self.time(report, request, engine: ReportEngine(store: clickHouse, now: { end }), runs: clickhouseRuns)
                        clickHouseMedian = Self.percentile(times, 0.5)
                        clickHouseCell = Self.ms(Self.percentile(times, 0.5))
                    } catch {
                        clickHouseCell = "failed: " + String(String(describing: error).prefix(80)).replacingOccurrences(of: "|", with: "/")
                    }
                }
                let source = readsRaw ? " (raw rows)" : ""
                print(
                    "| \(report.id) \(report.name) | \(window.name) | \(Self.ms(p50))\(source) | \(Self.ms(p99)) | \(rawMedian.map(Self.ms) ?? "–") | \(Self.ratio(rawMedian, p50)) | \(clickHouseCell) | \(Self.ratio(clickHouseMedian, p50)) |"
                )
                if readsRaw {
                    unchecked.insert(report.name)
                } else if let failOver, p99 > window.target * failOver {
                    failures.append("\(report.name) over the \(window.name): p99 \(Self.ms(p99)) > \(failOver)× the \(Self.ms(window.target)) target")
                }
            }
        }
        if data == nil { try? FileManager.default.removeItem(atPath: folder) }
        if !unchecked.isEmpty {
            print("\nRead raw rows, so not held to the targets: " + unchecked.sorted().joined(separator: ", "))
        }
        if !failures.isEmpty {
            print("\nToo slow:\n" + failures.joined(separator: "\n"))
            throw ExitCode(1)
        }
    }

    /// Stores the audience through the rollups (and into ClickHouse) and prints the ingest table.
    private func ingest(_ audience: BenchAudience, into rolled: RollupStore, clickHouse: ClickHouseStore?, folder: String, rssBefore: Int)
        async throws
    {
        let clock = ContinuousClock()
        var stored = 0
        var ingest = 0.0
        var clickHouseIngest = 0.0
        for step in 0..<audience.steps {
            let beacons = audience.step(step)
            let began = clock.now
            for first in stride(from: 0, to: beacons.count, by: 10_000) {
                try await rolled.append(Array(beacons[first..<min(beacons.count, first + 10_000)]))
            }
            ingest += (clock.now - began).seconds
            if let clickHouse {
                // One insert per 10 s of audience: ClickHouse wants few, large inserts.
                let began = clock.now
                try await clickHouse.append(beacons)
                clickHouseIngest += (clock.now - began).seconds
            }
            stored += beacons.count
        }
        let rollupBytes = Self.residentBytes() - rssBefore
        let fileBytes = Self.fileBytes(folder)
        print("| ingest | value |\n|---|---|")
        print(
            "| beacons stored (raw SQLite + rollups) | \(stored) in \(String(format: "%.1f", ingest)) s = \(Int(Double(stored) / ingest)) beacons/s |"
        )
        if clickHouse != nil {
            print(
                "| beacons stored in ClickHouse (raw rows and the 10-s rollup, one insert per 10 s of audience) | \(stored) in \(String(format: "%.1f", clickHouseIngest)) s = \(Int(Double(stored) / clickHouseIngest)) beacons/s |"
            )
        }
        print("| SQLite file per beacon | \(fileBytes / max(1, stored)) bytes |")
        print("| memory of rollups and user numbers | \(rollupBytes / 1_048_576) MiB = \(rollupBytes / max(1, stored)) bytes/beacon |")
        if !skipRebuild {
            let rebuildStart = clock.now
            let rebuilt = try await RollupStore(base: rolled.base).rebuild()
            print("| rebuild of rollups from raw rows | \(rebuilt) beacons in \(String(format: "%.1f", (clock.now - rebuildStart).seconds)) s |")
        }
        print("")
    }

    static func fileBytes(_ folder: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: folder + "/webcast.sqlite")[.size] as? Int) ?? 0
    }

    /// The live board's memory for the audience's first 10 minutes (everyone has joined by then),
    /// measured as the growth of the resident size, and its time per beacon. A first board takes
    /// the same beacons and is dropped, so that the memory the batches reuse is not counted.
    static func measureLiveState(_ audience: BenchAudience) -> (viewers: Int, bytes: Int, secondsPerBeacon: Double) {
        let steps = min(60, audience.steps)
        func fill(_ board: LiveBoard) -> (beacons: Int, elapsed: Duration) {
            let clock = ContinuousClock()
            var elapsed = Duration.zero
            var beacons = 0
            for step in 0..<steps {
                let batch = audience.step(step)
                let began = clock.now
                board.record(batch)
                elapsed += clock.now - began
                beacons += batch.count
            }
            return (beacons, elapsed)
        }
        _ = fill(LiveBoard())
        let before = residentBytes()
        let board = LiveBoard()
        let (beacons, elapsed) = fill(board)
        let bytes = residentBytes() - before
        return (board.viewerCount, bytes, elapsed.seconds / Double(max(1, beacons)))
    }

    /// Seconds per run of the report's call: graphs for graph reports, else its first table page.
    static func time(_ report: ReportDefinition, _ request: ReportRequest, engine: ReportEngine, runs: Int) async throws -> [Double] {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<runs {
            let began = clock.now
            if report.supportsGraphs {
                _ = try await engine.graphs(report, request)
            } else {
                _ = try await engine.table(report, request, page: ReportPage(size: 500, index: 1))
            }
            times.append((clock.now - began).seconds)
        }
        return times
    }

    /// Nearest rank: with 5 runs, p99 is the slowest.
    static func percentile(_ values: [Double], _ share: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1))]
    }

    static func ratio(_ slow: Double?, _ fast: Double) -> String {
        guard let slow, fast.isFinite else { return "–" }
        let ratio = slow / max(fast, 1e-6)
        return ratio < 10 ? String(format: "%.1f×", ratio) : String(format: "%.0f×", ratio)
    }

    static func ms(_ seconds: Double) -> String {
        // Not timed (--clickhouse-only).
        guard seconds.isFinite else { return "–" }
        return seconds < 0.01 ? String(format: "%.2f ms", seconds * 1000) : String(format: "%.0f ms", seconds * 1000)
    }

    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
