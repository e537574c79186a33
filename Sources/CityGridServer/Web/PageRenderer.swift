import CityGridApplication
import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the web pages from the Mustache templates in `Resources/Templates` (页面模板). Every
/// `{{value}}` is HTML-escaped by Mustache; the one unescaped value, `{{{body}}}` in the layout, is
/// a page this renderer made from a template.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// The templates shipped with the server (`*.mustache`, each named by its file's name).
    static func shipped() throws -> PageRenderer {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else { throw CocoaError(.fileNoSuchFile) }
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            try library.register(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), named: String(name.dropLast(9)))
        }
        return PageRenderer(library: library)
    }

    /// The page `template` filled from `values`, inside the layout with the page's title, language
    /// and the signed-in caller's bar. Status 200 unless given.
    func page(_ template: String, title: String, language: PageLanguage, chrome: PageChrome, values: [String: Any],
              status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(values.merging(chrome.values(language)) { a, _ in a }, withTemplate: template) ?? ""
        var layout = chrome.values(language)
        layout["title"] = title
        layout["lang"] = language.htmlLang
        layout["body"] = body
        let html = library.render(layout, withTemplate: "layout") ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("Content-Security-Policy")!] = PageChrome.contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        if chrome.rememberLanguage { response.setCookie(language.cookie) }
        return response
    }
}

extension PageRenderer {
    /// A part of a page (`template` without the layout), for htmx to put into a page already shown.
    func fragment(_ template: String, values: [String: Any]) -> Response {
        let html = library.render(values, withTemplate: template) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.vary] = "HX-Request"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page `build` makes, or, when a domain rule refuses it (a case not found or not the
    /// caller's, a figure they may not read, a bad period), a page saying why in the caller's
    /// language, with the status the JSON API would give.
    func orRefusal(_ request: Request, _ context: CityRequestContext, policy: AccessPolicy,
                   _ build: () async throws -> Response) async throws -> Response {
        do {
            return try await build()
        } catch let error as DomainError where error.kind != .unauthenticated {
            return refusal(error, request, context, policy: policy)
        }
    }

    /// The page saying why `error` refused the request, in the caller's language, with the status
    /// the JSON API would give.
    func refusal(_ error: DomainError, _ request: Request, _ context: CityRequestContext, policy: AccessPolicy) -> Response {
        let language = PageLanguage.of(request)
        var values: [String: Any] = ["heading": language.text(WebText.refused), "message": language.text(error.message),
                                     "code": error.code, "back": language.text(WebText.back)]
        if let field = error.field { values["field"] = field }
        var response = page("error", title: language.text(WebText.refused), language: language,
                            chrome: PageChrome.of(request, context, policy: policy), values: values, status: APIError(error).status)
        if let seconds = error.retryAfter { response.headers[.retryAfter] = "\(seconds)" }
        return response
    }

    /// A browser navigating to a page (not a script's fetch, nor htmx asking for a part of a page):
    /// it is answered with HTML, a refusal included.
    static func wantsPage(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("text/html") == true && request.headers[HTTPField.Name("HX-Request")!] == nil
    }
}

/// What every page shows around its content: the signed-in user, the CSRF token of their session,
/// the language switch.
struct PageChrome: Sendable {
    var displayName: String?
    var roles: String?
    var csrfToken: String?
    /// The path of the page, for the language switch's link.
    var path: String
    /// The request switched the language: the answer remembers it in a cookie.
    var rememberLanguage: Bool
    /// The caller may open the evaluation dashboard (its link is shown).
    var mayEvaluate = false
    /// The caller reads delegations (their link is shown): `delegation.read`, or a power held.
    var mayDelegate = false

    /// The chrome of a page for the signed-in caller of `context`.
    static func of(_ request: Request, _ context: CityRequestContext, policy: AccessPolicy) -> PageChrome {
        let user = context.caller.user
        let language = PageLanguage.of(request)
        // The roles shown are the caller's own and the powers delegated to their bodies.
        return PageChrome(displayName: user?.displayName, roles: user.map { _ in context.caller.grants.map { language.text($0.role.label(in: policy)) }.joined(separator: "、") },
                          csrfToken: context.sessionToken.map(Session.csrfToken(for:)), path: request.uri.path,
                          rememberLanguage: PageLanguage.isSwitching(request), mayEvaluate: policy.holds(context.caller, .evaluationRead),
                          mayDelegate: policy.holds(context.caller, .delegationRead) || !context.caller.delegated.isEmpty)
    }

    /// Scripts and styles only from the server itself; no inline script.
    static let contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"

    func values(_ language: PageLanguage) -> [String: Any] {
        var values: [String: Any] = [
            "appName": language.text(WebText.appName),
            "switchLanguage": language.text(WebText.switchLanguage),
            "otherLanguage": language == .zh ? "en" : "zh",
            "path": path,
            "signOut": language.text(WebText.signOut),
            "signedInAs": language.text(WebText.signedInAs),
            "workbench": language.text(WebText.workbench),
            "dashboard": language.text(WebText.dashboard),
            "centre": language.text(WebText.centre),
            "inbox": language.text(WebText.inbox),
            "delegations": language.text(WebText.delegations),
        ]
        if let displayName { values["user"] = ["name": displayName, "roles": roles ?? "", "mayEvaluate": mayEvaluate, "mayDelegate": mayDelegate] }
        if let csrfToken { values["csrf"] = csrfToken }
        return values
    }
}
