import CityGridService
import Hummingbird
import Logging

/// Builds CityGrid's HTTP application (Hummingbird 2) over a service.
public enum CityGridServer {
    /// The router with every route: `/healthz` and the JSON API under `/api/v1`.
    public static func buildRouter(service: CityService) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(DomainErrorMiddleware())
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
        return router
    }

    public static func buildApplication(service: CityService, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(router: buildRouter(service: service),
                    configuration: .init(address: .hostname(host, port: port), serverName: "CityGrid"),
                    logger: logger)
    }
}
