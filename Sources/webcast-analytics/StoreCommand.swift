import ArgumentParser
import Beacon
import Foundation
import Reports
import Rollup
import SQLiteStore
import Store

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect the embedded store, rebuild its rollups, delete old days.",
        subcommands: [Stats.self, RebuildRollups.self, DeleteDays.self]
    )

    /// The store in `data`, which must exist: these commands inspect, they never create one.
    static func open(_ data: String) throws -> SQLiteStore {
        let file = URL(fileURLWithPath: data).appendingPathComponent("webcast.sqlite").path
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("no store at \(file); start `serve --data \(data)` first")
        }
        return try SQLiteStore(path: file)
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count stored beacons per partner and event type.")

        @Option(help: "Folder of the embedded store.")
        var data = "./data"

        func run() async throws {
            let summary = try await StoreCommand.open(data).summary()
            print("partner  event                      beacons")
            for row in summary {
                let name = EventType(rawValue: row.eventType)?.name ?? String(row.eventType)
                print(
                    "\(String(row.partnerId).padding(toLength: 8, withPad: " ", startingAt: 0)) \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(row.count)"
                )
            }
            print("total: \(summary.reduce(0) { $0 + $1.count })")
        }
    }

    struct RebuildRollups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild-rollups",
            abstract: "Rebuild the rollups from the raw beacons and check every realtime report against the raw rows.",
            discussion: """
                `serve` keeps its rollups in memory and rebuilds them from the raw beacons at every start, so
                this changes nothing on disk. It tells how long that start takes and how much memory the
                rollups need, and proves they answer like the raw rows: each realtime report of each partner,
                over everything stored, from both. Exits 1 if any report differs. Safe beside a running server.
                """
        )

        @Option(help: "Folder of the embedded store.")
        var data = "./data"

        func run() async throws {
            let raw = try StoreCommand.open(data)
            let rolled = RollupStore(base: raw)
            let memoryBefore = BenchCommand.residentBytes()
            let clock = ContinuousClock()
            let began = clock.now
            let beacons = try await rolled.rebuild()
            let seconds = (clock.now - began).seconds
            let memory = BenchCommand.residentBytes() - memoryBefore
            print("rebuilt the rollups of \(beacons) beacons in \(String(format: "%.1f", seconds)) s, \(memory / 1_048_576) MiB")

            var differing: [String] = []
            var checked = 0
            for partnerId in Set(try await raw.summary().map(\.partnerId)).sorted() {
                guard let first = try await raw.beacons(BeaconFilter(partnerId: partnerId), limit: 1).first else { continue }
                let end = Int64(Date().timeIntervalSince1970) + 10
                let request = ReportRequest(filter: BeaconFilter(partnerId: partnerId), from: first.timeMs / 1000, to: end, interval: .tenSeconds)
                for report in ReportDefinition.all where report.family == .realtime {
                    let fromRollups = try await Self.answer(report, request, ReportEngine(store: rolled, now: { end }))
                    let fromRaw = try await Self.answer(report, request, ReportEngine(store: raw, now: { end }))
                    checked += 1
                    if !Self.same(fromRollups, fromRaw) { differing.append("partner \(partnerId): \(report.name)") }
                }
            }
            print("checked \(checked) reports against the raw rows: \(differing.isEmpty ? "all equal" : "\(differing.count) differ")")
            if !differing.isEmpty {
                print(differing.joined(separator: "\n"))
                throw ExitCode(1)
            }
        }

        /// The report's cells as the API would answer them: its graphs, or its whole first table page.
        static func answer(_ report: ReportDefinition, _ request: ReportRequest, _ engine: ReportEngine) async throws -> [String] {
            if report.supportsGraphs {
                return try await engine.graphs(report, request).flatMap { [$0.id] + $0.points.flatMap { [$0.x, $0.y] } }
            }
            let table = try await engine.table(report, request, page: ReportPage(size: 500, index: 1))
            return table.header + table.rows.flatMap { $0 } + [String(table.totalCount)]
        }

        /// Equal cells; numbers may differ in their last digits, as rollups add in another order.
        static func same(_ lhs: [String], _ rhs: [String]) -> Bool {
            lhs.count == rhs.count
                && zip(lhs, rhs).allSatisfy { a, b in
                    guard a != b else { return true }
                    guard let x = Double(a), let y = Double(b) else { return false }
                    return abs(x - y) <= 1e-9 * max(1, abs(y))
                }
        }
    }
}
