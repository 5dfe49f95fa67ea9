import ArgumentParser
import Foundation
import Server

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server on a demo data folder and show how to send it beacons."
    )

    @OptionGroup var options: ServeOptions

    @Option(help: "Folder of the demo's embedded store.")
    var data = "./demo-data"

    func run() async throws {
        try await runServer(options: options, dataDirectory: data) { configuration in
            let base = "http://\(configuration.host):\(configuration.port)"
            // Written unbuffered: the server runs until Ctrl-C, so a piped stdout would hold it back.
            FileHandle.standardOutput.write(
                Data(
                    """

                    Webcast Analytics demo — server on \(base), data in \(data)
                    The simulated live audience arrives with the simulator; until then, send beacons yourself:

                      curl '\(base)/api_v3/index.php?service=analytics&action=trackEvent&eventType=99&partnerId=1&entryId=1_demo&sessionId=s1&playbackType=live&bufferTime=0&actualBitrate=1500&soundMode=2&tabMode=2'
                      printf '%s\\n' '{"eventType":99,"partnerId":1,"entryId":"1_demo","sessionId":"s2","playbackType":"dvr"}' | curl --data-binary @- -H 'Content-Type: application/x-ndjson' \(base)/api/v1/beacons
                      curl \(base)/metrics | grep beacons_
                      swift run -c release webcast-analytics store stats --data \(data)

                    Ctrl-C stops the server after writing every acknowledged beacon.

                    """.utf8
                )
            )
        }
    }
}
