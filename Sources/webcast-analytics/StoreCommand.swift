import ArgumentParser
import Beacon
import Foundation
import SQLiteStore

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect the embedded store.",
        subcommands: [Stats.self]
    )

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count stored beacons per partner and event type.")

        @Option(help: "Folder of the embedded store.")
        var data = "./data"

        func run() async throws {
            let file = URL(fileURLWithPath: data).appendingPathComponent("webcast.sqlite").path
            guard FileManager.default.fileExists(atPath: file) else {
                throw ValidationError("no store at \(file); start `serve --data \(data)` first")
            }
            let summary = try await SQLiteStore(path: file).summary()
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
}
