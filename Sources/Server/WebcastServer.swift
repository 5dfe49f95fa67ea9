public import Hummingbird
public import Ingest
import KalturaAPI
public import LiveState
public import Logging
public import NIOCore
public import Prometheus
public import Store

/// Builds the HTTP application: routes, middleware and the write buffer service that drains
/// into `store` — flushed on graceful shutdown after the server has stopped taking requests.
///
/// ```swift
/// let server = WebcastServer(configuration: .init(port: 8080), store: try SQLiteStore(directory: "data"), logger: logger)
/// try await server.application.runService()
/// ```
public struct WebcastServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: any BeaconStore
    public let partners: any PartnerStore
    public let registry: PrometheusCollectorRegistry
    public let pipeline: IngestPipeline
    public let logger: Logger
    public let live: LiveBoard
    let hub: LiveHub
    let tail: LiveTail?
    let retention: RetentionService?

    public init(
        configuration: ServerConfiguration,
        store: any BeaconStore,
        partners: any PartnerStore,
        liveSource: (any LiveSource)? = nil,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.partners = partners
        self.registry = registry
        self.logger = logger
        let metrics = IngestMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let buffer = WriteBuffer(store: store, configuration: configuration.writeBuffer, metrics: metrics, logger: logger)
        let live = LiveBoard()
        self.live = live
        hub = LiveHub(board: live, tick: configuration.liveTick, metrics: PrometheusMetricsFactory(registry: registry))
        // With a store that several servers share, the live board reads every server's beacons from
        // it; recording this server's beacons as well would count them twice.
        if let liveSource {
            tail = LiveTail(
                source: liveSource,
                board: live,
                tick: configuration.liveTick,
                lag: configuration.liveLag,
                metrics: PrometheusMetricsFactory(registry: registry),
                logger: logger
            )
            pipeline = IngestPipeline(buffer: buffer, metrics: metrics, retentionDays: configuration.retentionDays)
        } else {
            tail = nil
            pipeline = IngestPipeline(buffer: buffer, metrics: metrics, retentionDays: configuration.retentionDays, onAccepted: { live.record($0) })
        }
        retention = configuration.retentionDays.flatMap { days in
            guard let store = store as? any BeaconRetention else {
                logger.error("this store cannot delete old beacons; retention is off", metadata: ["store": "\(type(of: store))"])
                return nil
            }
            return RetentionService(
                store: store,
                days: days,
                interval: configuration.retentionInterval,
                metrics: PrometheusMetricsFactory(registry: registry),
                logger: logger
            )
        }
    }

    public var router: Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .originBased,
                allowHeaders: [.accept, .contentType, .authorization, .origin],
                allowMethods: [.get, .post, .options],
                maxAge: .seconds(86_400)
            )
        )
        let beacons = BeaconRoutes(pipeline: pipeline, configuration: configuration)
        beacons.register(on: router)
        let api = KalturaAPI(store: store, partners: partners, live: live)
        APIRoutes(api: api, beacons: beacons, configuration: configuration).register(on: router)
        BatchRoutes(pipeline: pipeline, configuration: configuration, sessions: api.sessions).register(on: router)
        LiveRoutes(hub: hub, sessions: api.sessions, assets: Assets(), viewers: ViewerPages(board: live)).register(on: router)
        HealthRoutes(buffer: pipeline.buffer, registry: registry).register(on: router)
        return router
    }

    public var application: some ApplicationProtocol { application() }

    /// The application; `onServerRunning` runs once the server accepts connections.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "webcast-analytics"),
            // Last, so that a shutdown stops it before the write buffer's final flush.
            services: [pipeline.buffer, hub] + (tail.map { [$0] } ?? []) + (retention.map { [$0] } ?? []),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
