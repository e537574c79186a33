import CityGridApplication
import Hummingbird
import Logging

/// Builds CityGrid's HTTP application (Hummingbird 2) over the application layer.
public enum CityGridServer {
    /// The router with every route: `/`, `/healthz`, the JSON API under `/api/v1`, and the staff's
    /// web pages (`/signin`, `/app/…`) with their files under `/assets/`. Every route
    /// passes ``RouteAccessMiddleware`` (authentication, deny by default) with `access`, the shipped
    /// table unless a test gives another; handlers call only `application`.
    /// `codeSender` delivers the citizen portal's one-time codes (the server's log unless given).
    public static func buildRouter(application: CityApplication,
                                   access: [String: RouteAccess] = RouteAccess.table,
                                   codeSender: any OneTimeCodeSender = LoggingCodeSender()) throws -> Router<CityRequestContext> {
        let router = Router(context: CityRequestContext.self)
        router.middlewares.add(RequestIDMiddleware())
        router.middlewares.add(DomainErrorMiddleware())
        let renderer = try PageRenderer.shipped()
        router.middlewares.add(RouteAccessMiddleware(application: application, table: access, pages: renderer))
        router.get("healthz") { _, _ -> Response in
            JSONIO.text("{\"status\":\"ok\"}", contentType: "application/json")
        }
        router.get("/") { _, _ -> Response in
            JSONIO.text(LandingPage.html(application.city), contentType: "text/html; charset=utf-8")
        }
        let api = router.group("api/v1")
        CityController(application: application).addRoutes(to: api)
        CasesController(application: application).addRoutes(to: api)
        WorkflowController(application: application).addRoutes(to: api)
        NoticeController(application: application).addRoutes(to: api)
        EvaluationController(application: application).addRoutes(to: api)
        AnalyticsController(application: application).addRoutes(to: api)
        DelegationsController(application: application).addRoutes(to: api)
        ClaimsController(application: application).addRoutes(to: api)
        PointsController(application: application).addRoutes(to: api)
        PersonalDataController(application: application).addRoutes(to: api)
        try APIDocsController.shipped(renderer: renderer).addRoutes(to: api)
        PagesController(application: application, renderer: renderer).addRoutes(to: router)
        InboxPagesController(application: application, renderer: renderer).addRoutes(to: router)
        DelegationPagesController(application: application, renderer: renderer).addRoutes(to: router)
        DashboardController(application: application, renderer: renderer).addRoutes(to: router)
        CommandCentreController(application: application, renderer: renderer).addRoutes(to: router)
        LiveQueueController(application: application).addRoutes(to: router)
        Open311Controller(application: application).addRoutes(to: router)
        PublicMediaController(application: application).addRoutes(to: router)
        try PortalController(application: application, renderer: renderer, codeSender: codeSender).addRoutes(to: router)
        try AssetsController.shipped().addRoutes(to: router)
        return router
    }

    public static func buildApplication(application: CityApplication, host: String, port: Int, logger: Logger) throws -> some ApplicationProtocol {
        Application(router: try buildRouter(application: application),
                    configuration: .init(address: .hostname(host, port: port), serverName: "CityGrid"),
                    logger: logger)
    }
}
