import ArgumentParser
import Foundation
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

        /// Milliseconds at the start of `text`'s UTC day.
        static func dayStart(_ text: String) -> Int64? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: year, month: month, day: day)
            guard calendar.date(from: components).map({ calendar.component(.day, from: $0) }) == day,
                let date = calendar.date(from: components)
            else { return nil }
            return Int64(date.timeIntervalSince1970) * 1000
        }
    }
}
