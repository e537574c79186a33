import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The citizen portal (市民门户, `/portal`): a web app for phones, in Chinese and English, with
/// nothing to install. Citizens register and sign in with a one-time code sent to their phone or
/// e-mail, report a problem on a map (with its grid and responsible body, likely duplicates nearby,
/// photos made smaller in the browser), follow their reports to closure, rate them or reopen them,
/// and browse public cases on a map. A manifest and a service worker (scope `/portal`) make it
/// installable and keep a report written offline as a draft. Every page and answer comes from the
/// application layer with the caller (anonymous or signed in), like the staff pages.
struct PortalController {
    let application: CityApplication
    let renderer: PageRenderer
    let codeSender: any OneTimeCodeSender
    let outlines = CompressedCopy(name: "portal-grids")
    let serviceWorker: ByteBuffer

    init(application: CityApplication, renderer: PageRenderer, codeSender: any OneTimeCodeSender) throws {
        self.application = application
        self.renderer = renderer
        self.codeSender = codeSender
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Public/js/portal-sw.js") else { throw CocoaError(.fileNoSuchFile) }
        self.serviceWorker = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("portal", use: home)
        router.get("portal/manifest.webmanifest", use: manifest)
        router.get("portal/sw.js", use: serviceWorkerScript)
        router.get("portal/session.json", use: session)
        router.get("portal/signin", use: signInForm)
        router.post("portal/code", use: sendCode)
        router.post("portal/verify", use: verify)
        router.post("portal/signout", use: signOut)
        router.get("portal/report", use: reportPage)
        router.post("portal/report", use: submitReport)
        router.get("portal/place.json", use: place)
        router.get("portal/nearby.json", use: nearby)
        router.get("portal/grids.geojson", use: grids)
        router.get("portal/mine", use: mine)
        router.get("portal/mine/data.json", use: myData)
        router.post("portal/mine/close", use: closeAccount)
        router.post("portal/inbox/read-all", use: markAllRead)
        router.get("portal/preferences", use: preferences)
        router.post("portal/preferences", use: savePreferences)
        router.get("portal/cases/:id", use: casePage)
        router.post("portal/cases/:id/act", use: act)
        router.get("portal/map", use: mapPage)
        router.get("portal/cases.json", use: publicCases)
    }

    // MARK: The shell

    @Sendable func home(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        let values: [String: Any] = [
            "heading": language.text(WebText.portalName), "intro": language.text(WebText.portalDescription),
            "installHint": language.text(WebText.installHint), "followedLabel": language.text(WebText.followedCases),
        ]
        return renderer.portalPage("portal-home", title: language.text(WebText.portalName), language: language,
                                   chrome: PortalChrome.of(request, context), values: values)
    }

    /// The web app manifest: installable to the home screen, opening `/portal` standalone, with the
    /// portal's own icons (`/assets/portal/`), named in the caller's language.
    @Sendable func manifest(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        struct Icon: Encodable { var src: String; var sizes: String; var type: String; var purpose: String }
        struct Manifest: Encodable {
            var name: String; var short_name: String; var description: String; var lang: String
            var start_url: String; var scope: String; var display: String; var background_color: String; var theme_color: String
            var icons: [Icon]
        }
        let body = Manifest(name: language.text(WebText.portalName) + " · CityGrid", short_name: language.text(WebText.portalShortName),
                            description: language.text(WebText.portalDescription), lang: language.htmlLang,
                            start_url: "/portal", scope: "/portal", display: "standalone", background_color: "#f8fafc", theme_color: "#0b5cad",
                            icons: [Icon(src: "/assets/portal/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any"),
                                    Icon(src: "/assets/portal/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any"),
                                    Icon(src: "/assets/portal/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/manifest+json; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }

    /// The service worker, served from `/portal/` and allowed the scope `/portal` (the page itself
    /// and everything under it).
    @Sendable func serviceWorkerScript(_ request: Request, context: CityRequestContext) async throws -> Response {
        var headers: HTTPFields = [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"]
        headers[.init("Service-Worker-Allowed")!] = "/portal"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: serviceWorker))
    }

    /// Who is signed in and the token to send with a change, for a page served from the service
    /// worker's cache: `{"signed_in": true, "name": …, "csrf": …}` (sets a pre-session cookie when none is held).
    @Sendable func session(_ request: Request, context: CityRequestContext) async throws -> Response {
        let chrome = PortalChrome.of(request, context)
        struct Answer: Encodable { var signed_in: Bool; var name: String?; var csrf: String }
        var response = try JSONIO.response(Answer(signed_in: chrome.displayName != nil, name: chrome.displayName, csrf: chrome.csrfToken))
        response.headers[.cacheControl] = "no-store"
        if let cookie = chrome.preSessionCookie { response.setCookie(cookie) }
        return response
    }

    /// 303 to the portal's sign-in page, which comes back to `path` after signing in.
    static func redirectToSignIn(from path: String) -> Response {
        WebSession.redirect(to: "/portal/signin?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fportal"))
    }

    /// A path of the portal to come back to after signing in (never another site), else `/portal/mine`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next == "/portal" || next.hasPrefix("/portal/"), !next.contains("//"), !next.contains("\\"), !next.contains("://") else {
            return "/portal/mine"
        }
        return next
    }
}
