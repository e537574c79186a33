import CityGridApplication
import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// What every page of the citizen portal shows around its content (门户页面框架): the bar with the
/// portal's pages, the language switch, the signed-in citizen (or the sign-in link), and the token
/// its forms and scripts send: the session's CSRF token when signed in, else the pre-session value
/// of the `cg_presession` cookie (kept while it lasts, so several tabs share it).
struct PortalChrome: Sendable {
    var displayName: String?
    var csrfToken: String
    /// A new pre-session cookie to set with the answer (none when one was sent, or signed in).
    var preSessionCookie: Cookie?
    var path: String
    var rememberLanguage: Bool

    static func of(_ request: Request, _ context: CityRequestContext) -> PortalChrome {
        let path = request.uri.path
        if let token = context.sessionToken, let user = context.caller.user {
            return PortalChrome(displayName: user.displayName, csrfToken: Session.csrfToken(for: token), preSessionCookie: nil,
                                path: path, rememberLanguage: PageLanguage.isSwitching(request))
        }
        if let kept = request.cookies[WebSession.preSessionCookieName]?.value, kept.count == 32 {
            return PortalChrome(displayName: nil, csrfToken: kept, preSessionCookie: nil, path: path, rememberLanguage: PageLanguage.isSwitching(request))
        }
        let fresh = WebSession.newPreSession()
        return PortalChrome(displayName: nil, csrfToken: fresh.value, preSessionCookie: fresh.cookie, path: path,
                            rememberLanguage: PageLanguage.isSwitching(request))
    }

    func values(_ language: PageLanguage) -> [String: Any] {
        var values: [String: Any] = [
            "portalName": language.text(WebText.portalName), "home": language.text(WebText.portalHome),
            "reportLink": language.text(WebText.reportProblem), "mineLink": language.text(WebText.myReports),
            "mapLink": language.text(WebText.publicMap), "signInLink": language.text(WebText.portalSignIn),
            "signOut": language.text(WebText.signOut), "switchLanguage": language.text(WebText.switchLanguage),
            "otherLanguage": language == .zh ? "en" : "zh", "path": path, "csrf": csrfToken,
            "offlineNotice": language.text(WebText.offlineNotice), "lang": language.htmlLang,
        ]
        if let displayName { values["citizen"] = ["name": displayName] }
        return values
    }
}

extension PageRenderer {
    /// A portal page: `template` filled from `values` and the chrome's, inside `portal-layout`
    /// (the manifest, the portal's script and style, the mobile bar), with the staff pages' headers
    /// (the same CSP: scripts from this server only, no inline script, no eval).
    func portalPage(_ template: String, title: String, language: PageLanguage, chrome: PortalChrome, values: [String: Any],
                    status: HTTPResponse.Status = .ok) -> Response {
        let chromeValues = chrome.values(language)
        var layout = chromeValues
        layout["title"] = title
        layout["body"] = library.render(values.merging(chromeValues) { a, _ in a }, withTemplate: template) ?? ""
        let html = library.render(layout, withTemplate: "portal-layout") ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("Content-Security-Policy")!] = PageChrome.contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        if chrome.rememberLanguage { response.setCookie(language.cookie) }
        if let cookie = chrome.preSessionCookie { response.setCookie(cookie) }
        return response
    }
}
