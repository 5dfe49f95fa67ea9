import Beacon
import Benchmark
import Reports
import Rollup
import Simulator
import Store

/// The per-beacon steps of ingest and the per-query steps of the user lists, one at a time, with
/// their allocations. `webcast-analytics bench` measures the same work end to end.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    Benchmark("decode a KAVA query string", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(BeaconParameters(formEncoded: Samples.query)) }
    }

    Benchmark("validate and enrich a beacon", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            guard let beacon = try? BeaconValidator.validate(Samples.parameters) else { continue }
            blackHole(Enrichment.enrich(beacon, context: Samples.context))
        }
    }

    Benchmark("classify a User-Agent", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(UserAgentClassifier.classify(Samples.userAgent)) }
    }

    Benchmark("decode an NDJSON beacon", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? BeaconParameters(json: Samples.json)) }
    }

    Benchmark("roll up 10,000 beacons (no raw store)", configuration: .init(maxIterations: 50)) { benchmark in
        let store = RollupStore(base: DiscardingStore())
        benchmark.startMeasurement()
        try? await store.append(Samples.audience)
        benchmark.stopMeasurement()
        blackHole(store.beaconCount)
    }

    Benchmark("ENTRY_LEVEL_USERS_DISCOVERY of 2,000 viewers over 5 minutes, first page", configuration: .init(maxIterations: 50)) {
        benchmark in
        let store = RollupStore(base: DiscardingStore())
        try? await store.append(Samples.audience)
        let engine = ReportEngine(store: store, now: { Samples.start + 300 })
        benchmark.startMeasurement()
        blackHole(try? await engine.table(.entryLevelUsersDiscovery, Samples.request, page: ReportPage(size: 500, index: 1)))
        benchmark.stopMeasurement()
    }

    Benchmark("union of two sets of 100,000 users", configuration: .init(maxIterations: 10_000)) { benchmark in
        for _ in benchmark.scaledIterations {
            var set = Samples.evenUsers
            set.formUnion(Samples.oddUsers)
            blackHole(set.count)
        }
    }

    Benchmark("print a ratio as PHP does", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PHPNumber.format(1.0 / 3.0)) }
    }
}
