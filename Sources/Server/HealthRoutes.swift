import Hummingbird
import Ingest
import Prometheus

/// `GET /health` for load balancers and `GET /metrics` for Prometheus.
struct HealthRoutes {
    let buffer: WriteBuffer
    let registry: PrometheusCollectorRegistry

    struct Health: ResponseEncodable {
        var status: String
        var bufferedBeacons: Int
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in
            Health(status: "ok", bufferedBeacons: await buffer.depth)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}
