import Foundation
import HTTPTypes
import Hummingbird
import Mustache

extension PageRenderer {
    /// A page that is a whole document of its own, without the layout's bar (the command centre's
    /// wall, 大屏): the template `template` filled from `values` and the chrome's, with the same
    /// headers as every page (CSP, no caching, no sniffing).
    func document(_ template: String, language: PageLanguage, chrome: PageChrome, values: [String: Any]) -> Response {
        var all = values.merging(chrome.values(language)) { a, _ in a }
        all["lang"] = language.htmlLang
        let html = library.render(all, withTemplate: template) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("Content-Security-Policy")!] = PageChrome.contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        var response = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        if chrome.rememberLanguage { response.setCookie(language.cookie) }
        return response
    }
}
