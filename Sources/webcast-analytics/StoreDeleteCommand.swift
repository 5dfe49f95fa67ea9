import ArgumentParser
import Foundation
import Reports
import SQLiteStore
import Store

extension StoreCommand {
    struct DeleteDays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-days",
            abstract: "Delete every beacon of the UTC days before a date from the embedded store.",
            discussion: """
                Run it with the server stopped: a running server keeps the deleted days in its rollups until
                it starts again. `serve --retention 30d` does the same on its own, at start and hourly, and
                prunes its rollups with the raw beacons. The file keeps its size and reuses the freed pages;
                `sqlite3 webcast.sqlite VACUUM` returns them to the disk.
                """
        )

        @Option(help: ArgumentHelp("The first UTC day kept (YYYY-MM-DD).", valueName: "date"))
        var before: String

        @Option(help: "Folder of the embedded store.")
        var data = "./data"

        func validate() throws {
            guard Self.dayStart(before) != nil else { throw ValidationError("--before: expected a date such as 2026-11-01, got \"\(before)\"") }
        }

        func run() async throws {
            let store = try StoreCommand.open(data)
            let clock = ContinuousClock()
            let began = clock.now
            let deleted = try await store.deleteDays(before: Self.dayStart(before)!)
            let seconds = (clock.now - began).seconds
            print("deleted \(deleted) beacons before \(before) in \(String(format: "%.1f", seconds)) s")
        }

        /// Milliseconds at the start of `text`'s UTC day; days past a month's end are refused.
        static func dayStart(_ text: String) -> Int64? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.map(\.count) == [4, 2, 2], let date = CivilDate(yyyymmdd: parts.joined()) else { return nil }
            return date.unixSeconds * 1000
        }
    }
}
