// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "WebcastAnalytics",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "webcast-analytics", targets: ["webcast-analytics"]),
        // For the micro-benchmarks in Benchmarks/, a package of their own.
        .library(name: "WebcastCore", targets: ["Beacon", "Store", "Rollup", "Reports", "Simulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure model: decoding, validation, enrichment. No I/O.
        .target(name: "Beacon", swiftSettings: strict),
        // Backend-neutral storage contract and query model, plus an in-memory store for unit tests.
        .target(name: "Store", dependencies: ["Beacon"], swiftSettings: strict),
        .target(
            name: "SQLiteStore",
            dependencies: ["Beacon", "Store", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Beacons in a ClickHouse server or cluster, over its HTTP interface, for more than one machine.
        .target(
            name: "ClickHouseStore",
            dependencies: [
                "Beacon", "Store",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Report types declared as data, metrics as aggregations plus formulas, one engine for every store.
        .target(name: "Reports", dependencies: ["Beacon", "Store"], swiftSettings: strict),
        // Kaltura's API wire format: parameters, XML/JSON, errors, sessions, multirequest, services.
        .target(
            name: "KalturaAPI",
            dependencies: ["Beacon", "Store", "Reports", "LiveState", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // A deterministic live audience that plays KAVA's beacon sequence and records the ground truth.
        .target(name: "Simulator", dependencies: ["Beacon"], swiftSettings: strict),
        // Pre-aggregated beacons: counts, sums and exact, mergeable unique-user sets per time bucket.
        .target(name: "Rollup", dependencies: ["Beacon", "Store"], swiftSettings: strict),
        // The live state of each entry in memory: ten-second buckets and the viewers attending now.
        .target(name: "LiveState", dependencies: ["Beacon"], swiftSettings: strict),
        // The ingestion pipeline: parameters in, enriched rows into a write buffer, rejections counted.
        .target(
            name: "Ingest",
            dependencies: [
                "Beacon", "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Server",
            dependencies: [
                "Beacon", "Store", "Ingest", "KalturaAPI", "Reports", "LiveState",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The live pane's page, styles and scripts, served as they are.
            resources: [.copy("Assets")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "webcast-analytics",
            dependencies: [
                "Server", "SQLiteStore", "ClickHouseStore", "Store", "Ingest", "KalturaAPI", "Reports", "Simulator", "Rollup",
                "LiveState",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BeaconTests", dependencies: ["Beacon"], swiftSettings: strict),
        .testTarget(name: "LiveStateTests", dependencies: ["Beacon", "LiveState"], swiftSettings: strict),
        .testTarget(name: "RollupTests", dependencies: ["Beacon", "Store", "Rollup", "Simulator"], swiftSettings: strict),
        .testTarget(
            name: "ClickHouseStoreTests",
            dependencies: ["Beacon", "Store", "ClickHouseStore", "Simulator"],
            swiftSettings: strict
        ),
        .testTarget(name: "SimulatorTests", dependencies: ["Beacon", "Simulator"], swiftSettings: strict),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Beacon", "Store", "Reports", "KalturaAPI", "SQLiteStore", "Simulator"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Beacon", "Store", "SQLiteStore", "Ingest", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Beacon", "Store", "SQLiteStore", "Ingest", "Server", "KalturaAPI", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
