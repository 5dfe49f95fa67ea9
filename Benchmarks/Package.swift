// swift-tools-version:6.1
import PackageDescription

// Micro-benchmarks with ordo-one's Benchmark, in a package of their own so that building the
// server never fetches or builds the benchmark tool. Run from this folder:
//   swift package --disable-sandbox benchmark
let package = Package(
    name: "WebcastAnalyticsBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "WebcastAnalytics", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Micro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WebcastCore", package: "WebcastAnalytics"),
            ],
            path: "Benchmarks/Micro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
