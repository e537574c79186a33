import CityGridCore
import Hummingbird

/// The language a page is shown in (界面语言): Chinese by default, English on request. A `lang`
/// query parameter switches it and the choice is remembered in the `cg_lang` cookie.
enum PageLanguage: String, Sendable {
    case zh
    case en

    static let cookieName = "cg_lang"

    /// The `<html lang>` value.
    var htmlLang: String { self == .zh ? "zh-CN" : "en" }

    /// `?lang=` if given and known, else the cookie, else Chinese.
    static func of(_ request: Request) -> PageLanguage {
        if let asked = request.uri.queryParameters["lang"].flatMap({ PageLanguage(rawValue: String($0)) }) { return asked }
        return request.cookies[cookieName].flatMap { PageLanguage(rawValue: $0.value) } ?? .zh
    }

    /// True when the request switches the language (the answer then remembers it).
    static func isSwitching(_ request: Request) -> Bool { request.uri.queryParameters["lang"] != nil }

    /// The cookie remembering this language for a year.
    var cookie: Cookie {
        Cookie(name: Self.cookieName, value: rawValue, maxAge: 365 * 86_400, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    func text(_ value: LocalizedText) -> String { self == .zh ? value.zh : value.en }
}
