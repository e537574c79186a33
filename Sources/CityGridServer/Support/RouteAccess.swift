import CityGridApplication
import CityGridCore
import Hummingbird

/// What a route asks of its caller before its handler runs (路由权限): nothing (public city data),
/// a signed-in caller, or a permission of the access policy held in some role. The application
/// layer then scopes what it returns to the resource (a case, a region, a figure) through the same policy.
public enum RouteAccess: Sendable, Hashable {
    case open
    case signedIn
    case permission(Permission)

    /// Every route of the server, by method and Hummingbird's endpoint path. A route missing here is
    /// refused (deny by default), and a test checks that every route the controllers register is listed.
    public static let table: [String: RouteAccess] = [
        "GET /": .open,
        "GET /healthz": .open,
        "GET /api/v1/city": .open,
        "GET /api/v1/regions": .open,
        "GET /api/v1/regions/{code}": .open,
        "GET /api/v1/grids": .open,
        "GET /api/v1/grids.geojson": .open,
        "GET /api/v1/geocode": .open,
        "GET /api/v1/catalogue": .open,
        "GET /api/v1/workflow": .open,
        "GET /api/v1/rules": .open,
        "GET /api/v1/rules/{name}": .open,
        "GET /api/v1/me": .signedIn,
        "GET /api/v1/me/notifications": .signedIn,
        "GET /api/v1/me/inbox": .permission(.noticeRead),
        "POST /api/v1/me/inbox/read": .permission(.noticeRead),
        "POST /api/v1/me/inbox/read-all": .permission(.noticeRead),
        "GET /api/v1/me/notice-preferences": .permission(.noticeRead),
        "PUT /api/v1/me/notice-preferences": .permission(.noticeRead),
        // An organisation's inbox: its members (the application layer judges the organisation).
        "GET /api/v1/organisations/{code}/inbox": .permission(.noticeOrganisation),
        "POST /api/v1/organisations/{code}/inbox/read": .permission(.noticeOrganisation),
        "POST /api/v1/organisations/{code}/inbox/read-all": .permission(.noticeOrganisation),
        "POST /api/v1/cases": .permission(.caseReport),
        "GET /api/v1/cases": .permission(.caseRead),
        "GET /api/v1/cases/{id}": .permission(.caseRead),
        "GET /api/v1/cases/{id}/events": .permission(.caseRead),
        "GET /api/v1/cases/{id}/duplicates": .permission(.caseDuplicates),
        "POST /api/v1/cases/{id}/transitions": .permission(.caseAct),
        // Every uploader holds media.upload; a download is judged by the media's case (or uploader).
        "POST /api/v1/media": .permission(.mediaUpload),
        "GET /api/v1/media/{id}": .signedIn,
        "GET /api/v1/evaluation": .permission(.evaluationRead),
        "POST /api/v1/evaluation": .permission(.evaluationCustom),
        "GET /api/v1/evaluation/explain": .permission(.evaluationExplain),
        "GET /api/v1/analytics/hotspots": .permission(.analyticsRead),
        "GET /api/v1/analytics/trends": .permission(.analyticsRead),
        "GET /api/v1/analytics/recurring": .permission(.analyticsRead),
        "GET /api/v1/analytics/time-to-close": .permission(.analyticsRead),
        // Delegated authority: staff of a body read the grants made to it, others need delegation.read
        // (the application layer decides which grants each reads); granting and revoking need delegation.grant.
        // Claims: members of NGOs and volunteer teams see their pool and claim from it.
        "GET /api/v1/claims": .permission(.caseClaim),
        "POST /api/v1/cases/{id}/claim": .permission(.caseClaim),
        "GET /api/v1/delegations": .signedIn,
        "POST /api/v1/delegations": .permission(.delegationGrant),
        "POST /api/v1/delegations/{id}/revoke": .permission(.delegationGrant),
        // Incentive points: the leaderboard (names masked) and the catalogue are public.
        "GET /api/v1/points/me": .permission(.pointsRead),
        "GET /api/v1/points/leaderboard": .open,
        "GET /api/v1/points/rewards": .open,
        "POST /api/v1/points/rewards": .permission(.pointsManage),
        "POST /api/v1/points/redemptions": .permission(.pointsRedeem),
        "GET /api/v1/points/held": .permission(.pointsReview),
        "POST /api/v1/points/held/{id}/review": .permission(.pointsReview),
        "GET /api/v1/points/rules": .permission(.pointsManage),
        "POST /api/v1/points/rules": .permission(.pointsManage),
        // Personal data: a case's report origin, the contact unmasked (and the read audited) only
        // within personal.read; the audit of those reads for administrators.
        "GET /api/v1/cases/{id}/origin": .permission(.caseRead),
        "GET /api/v1/audit/personal-data": .permission(.auditRead),
        "GET /api/v1/openapi.json": .open,
        "GET /api/v1/docs": .open,
        // Open311 GeoReport v2: public reads; a POST is refused (403) unless its api_key names a live
        // client (CityApplication.apiClient, checked before anything is written).
        "GET /open311/v2/discovery.json": .open,
        "GET /open311/v2/services.json": .open,
        "GET /open311/v2/requests.json": .open,
        "GET /open311/v2/servicerequestupdates.json": .open,
        "POST /open311/v2/requests.json": .open,
        "GET /open311/v2/discovery.xml": .open,
        "GET /open311/v2/services.xml": .open,
        "GET /open311/v2/requests.xml": .open,
        "GET /open311/v2/servicerequestupdates.xml": .open,
        "POST /open311/v2/requests.xml": .open,
        "POST /open311/v2/servicerequestupdates.json": .open,
        "POST /open311/v2/servicerequestupdates.xml": .open,
        "GET /open311/v2/services/{code}": .open,
        "GET /open311/v2/requests/{id}": .open,
        "GET /open311/v2/tokens/{token}": .open,
        // A photo a body published with its public reply; any other upload is 404.
        "GET /public/media/{id}": .open,
        // The web pages (HTML): assets and the sign-in form are open; every other page needs a
        // signed-in caller, and the application layer scopes what it shows like the JSON API.
        "GET /assets/**": .open,
        "GET /favicon.ico": .open,
        "GET /signin": .open,
        "POST /signin": .open,
        "POST /signout": .signedIn,
        "GET /app": .signedIn,
        "GET /app/cases": .signedIn,
        "GET /app/cases/{id}": .permission(.caseRead),
        "POST /app/cases/{id}/act": .permission(.caseAct),
        "GET /app/live": .permission(.caseRead),
        "GET /app/centre": .permission(.caseRead),
        "GET /app/centre/status.json": .permission(.caseRead),
        "GET /app/centre/cases": .permission(.caseRead),
        "GET /app/map/grids.geojson": .signedIn,
        "GET /app/dashboard": .permission(.evaluationRead),
        "POST /app/dashboard/rules": .permission(.evaluationCustom),
        "GET /app/dashboard/hotspots.json": .permission(.analyticsRead),
        "GET /app/dashboard/wall": .permission(.evaluationRead),
        "GET /app/explain": .permission(.evaluationExplain),
        "POST /app/claims/{id}": .permission(.caseClaim),
        "GET /app/delegations": .signedIn,
        "POST /app/delegations": .permission(.delegationGrant),
        "POST /app/delegations/{id}/revoke": .permission(.delegationGrant),
        "GET /app/inbox": .permission(.noticeRead),
        "POST /app/inbox/read": .permission(.noticeRead),
        "GET /app/inbox/preferences": .permission(.noticeRead),
        "POST /app/inbox/preferences": .permission(.noticeRead),
        // The citizen portal (市民门户): open pages, forms and data (a report may be anonymous); a
        // citizen's own reports need a session, and acting on a case the case's reporter (the
        // application layer decides); the contact form and the code are open, CSRF-checked as web forms.
        "GET /portal": .open,
        "GET /portal/manifest.webmanifest": .open,
        "GET /portal/sw.js": .open,
        "GET /portal/session.json": .open,
        "GET /portal/signin": .open,
        "POST /portal/code": .open,
        "POST /portal/verify": .open,
        "POST /portal/signout": .signedIn,
        "GET /portal/report": .open,
        "POST /portal/report": .open,
        "GET /portal/place.json": .open,
        "GET /portal/nearby.json": .open,
        "GET /portal/grids.geojson": .open,
        "GET /portal/mine": .signedIn,
        // Personal data: the signed-in person's own data, and closing their (citizen's) account.
        "GET /portal/mine/data.json": .signedIn,
        "POST /portal/mine/close": .signedIn,
        "POST /portal/inbox/read-all": .permission(.noticeRead),
        "GET /portal/preferences": .permission(.noticeRead),
        "POST /portal/preferences": .permission(.noticeRead),
        "GET /portal/cases/{id}": .open,
        "POST /portal/cases/{id}/act": .permission(.caseAct),
        "GET /portal/map": .open,
        "GET /portal/cases.json": .open,
    ]

    /// A route that answers with an HTML page: a caller who is not signed in is sent to sign in.
    public static func isPage(_ path: String) -> Bool { path == "/app" || path.hasPrefix("/app/") }

    /// A route of the citizen portal: a caller who is not signed in is sent to the portal's sign-in.
    public static func isPortal(_ path: String) -> Bool { path == "/portal" || path.hasPrefix("/portal/") }

    /// A route that takes a web form (checked for its CSRF token even without a cookie).
    public static func isWebForm(_ path: String) -> Bool { isPage(path) || isPortal(path) || path == "/signin" || path == "/signout" }
}

/// Authentication and deny by default, in one middleware: a matched route with no entry in
/// ``RouteAccess/table`` is refused (403); a listed one is let through only to a caller who meets its
/// access, and the authenticated caller is put in the request context for the handler.
///
/// The caller comes from a bearer token (`Authorization`) or, in a browser, from the session cookie
/// (``WebSession``). A request that changes something without a bearer token must carry the CSRF
/// token of its session, or of the sign-in form's pre-session cookie (``WebSession/csrfRefusal``):
/// a page of another site can make the browser send the cookie, never the token. A page route
/// (``RouteAccess/isPage(_:)``) answers a caller who is not signed in with a redirect to the
/// sign-in page instead of a 401, and a browser navigating to a page or sending a web form gets the
/// refusal (no permission, no CSRF token) as a page in its language rather than JSON.
struct RouteAccessMiddleware: RouterMiddleware {
    let application: CityApplication
    let table: [String: RouteAccess]
    let pages: PageRenderer

    func handle(_ request: Request, context: CityRequestContext, next: (Request, CityRequestContext) async throws -> Response) async throws -> Response {
        // No endpoint matched: let the router answer 404.
        guard let path = context.endpointPath else { return try await next(request, context) }
        do {
            // A handler's refusal that its page did not render itself is shown the same way.
            return try await check(request, context, path: path, next: next)
        } catch let error as DomainError where path.hasPrefix("/open311/") {
            // Open311 clients read refusals in the standard's shape, in the format the path asks for.
            return try Open311Errors.response(error, path.hasSuffix(".xml") ? .xml : .json)
        } catch let error as DomainError where error.kind != .unauthenticated && RouteAccess.isWebForm(path) && PageRenderer.wantsPage(request) {
            return pages.refusal(error, request, context, policy: application.policy)
        }
    }

    private func check(_ request: Request, _ context: CityRequestContext, path: String,
                       next: (Request, CityRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let bearer = request.headers[.authorization]
        let session = bearer == nil ? request.cookies[WebSession.cookieName]?.value : nil
        if bearer == nil, request.method != .get, request.method != .head,
           session != nil || request.cookies[WebSession.preSessionCookieName] != nil || RouteAccess.isWebForm(path) {
            if let refusal = try await WebSession.csrfRefusal(&request, sessionToken: session) { throw refusal }
        }
        do {
            switch table["\(request.method.rawValue) \(path)"] {
            case nil:
                throw DomainError(.forbidden, code: "no_route_policy", zh: "该地址没有访问策略，拒绝访问",
                                  en: "No access policy is declared for \(request.method.rawValue) \(path): refused")
            case .open?:
                // A signed-in browser is known on open pages too (the sign-in page, the landing page).
                if let session, let caller = try? await application.caller(bearerToken: session) {
                    context.caller = caller
                    context.sessionToken = session
                }
            case .signedIn?:
                try await authenticate(bearer: bearer, session: session, &context)
            case .permission(let permission)?:
                try await authenticate(bearer: bearer, session: session, &context)
                try application.policy.requireHolding(context.caller, permission)
            }
        } catch let error as DomainError where error.kind == .unauthenticated && RouteAccess.isPage(path) && request.method == .get {
            return WebSession.redirectToSignIn(from: request.uri.description)
        } catch let error as DomainError where error.kind == .unauthenticated && RouteAccess.isPortal(path) && request.method == .get {
            return PortalController.redirectToSignIn(from: request.uri.path)
        }
        // The public rate limits: assets and the health check are not counted, nor an Open311 POST
        // here (its API key is, once the application has read it).
        if !path.hasPrefix("/assets/"), path != "/healthz", path != "/favicon.ico", !(request.method == .post && path.hasPrefix("/open311/")) {
            try application.admitRequest(of: context.caller, from: context.remoteAddress)
        }
        return try await next(request, context)
    }

    private func authenticate(bearer: String?, session: String?, _ context: inout CityRequestContext) async throws {
        if bearer == nil, let session {
            context.caller = try await application.caller(bearerToken: session)
            context.sessionToken = session
        } else {
            context.caller = try await application.caller(authorization: bearer)
        }
    }
}
