import ArgumentParser

@main
struct WebcastAnalytics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webcast-analytics",
        abstract: "Live-event analytics: ingests player beacons and answers Kaltura-compatible reports.",
        subcommands: [
            Serve.self, Demo.self, SimulateCommand.self, PartnerCommand.self, ReportCommand.self, StoreCommand.self, BenchCommand.self,
            BaselineCommand.self,
        ]
    )
}
