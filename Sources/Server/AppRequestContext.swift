public import Hummingbird
public import NIOCore

/// The request context of every route: Hummingbird's core storage plus the peer address,
/// which ingestion keeps as the viewer's IP.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
