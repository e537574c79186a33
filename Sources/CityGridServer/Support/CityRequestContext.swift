import CityGridCore
import HTTPTypes
import Hummingbird
import Logging

/// The request context of CityGrid's routes (请求上下文): Hummingbird's core context plus the caller,
/// which ``RouteAccessMiddleware`` authenticates before a handler runs (anonymous on open routes).
public struct CityRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is asking; handlers pass it to the application layer.
    public var caller: Caller = .anonymous
    /// The session token when the caller was authenticated by the web session cookie (the pages
    /// derive the CSRF token of their forms from it); nil for a bearer token or nobody.
    public var sessionToken: String?
    /// The network address the request came from (the peer's IP address), for the per-address rate
    /// limit of anonymous callers; nil when unknown (the in-process test client).
    public var remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The id Hummingbird gives the request, which every log line of the request carries
    /// (`hb.request.id`); error bodies and the `X-Request-Id` header repeat it.
    public var requestID: String? { logger[metadataKey: "hb.request.id"]?.description }
}
