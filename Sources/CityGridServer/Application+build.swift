import CityGridAnalytics
import CityGridService
import Hummingbird
import Logging

/// Builds CityGrid's HTTP application (Hummingbird 2) over a service.
public enum CityGridServer {
    /// The router with every route: `/healthz` and the JSON API under `/api/v1`. Evaluation and
    /// analytics read `facts`; without it, the store's cases are loaded here and followed.
    /// Every route passes ``RouteAccessMiddleware`` (deny by default) with `access`, the shipped table
    /// unless a test gives another.
    public static func buildRouter(service: CityService, facts: LiveFacts? = nil,
                                   access: [String: RouteAccess] = RouteAccess.table) throws -> Router<BasicRequestContext> {
        let facts = try facts ?? LiveFacts.following(service)
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(DomainErrorMiddleware())
        router.middlewares.add(RouteAccessMiddleware(service: service, table: access))
        router.get("healthz") { _, _ -> Response in
            JSONIO.text("{\"status\":\"ok\"}", contentType: "application/json")
        }
        router.get("/") { _, _ -> Response in
            JSONIO.text(LandingPage.html(service.city), contentType: "text/html; charset=utf-8")
        }
        let api = router.group("api/v1")
        CityController(service: service).addRoutes(to: api)
        CasesController(service: service).addRoutes(to: api)
        WorkflowController(service: service).addRoutes(to: api)
        EvaluationController(service: service, facts: facts).addRoutes(to: api)
        AnalyticsController(service: service, facts: facts, hotSpots: HotSpotAnalysis(grids: service.city.grids)).addRoutes(to: api)
        return router
    }

    public static func buildApplication(service: CityService, facts: LiveFacts, host: String, port: Int, logger: Logger) throws -> some ApplicationProtocol {
        Application(router: try buildRouter(service: service, facts: facts),
                    configuration: .init(address: .hostname(host, port: port), serverName: "CityGrid"),
                    logger: logger)
    }
}
