import CityGridApplication
import CityGridCore
import Foundation
import HTTPTypes
import Hummingbird

/// The browser's side of a signed-in session (网页会话): the session cookie and the CSRF checks.
///
/// - `cg_session` holds the session token: `HttpOnly` (no script reads it), `Secure`, `SameSite=Lax`,
///   expiring with the session; a new one at every sign-in, deleted at sign-out.
/// - Every form and script request that changes something carries the session's CSRF token (field
///   `_csrf` or header `X-CSRF-Token`, ``Session/csrfToken``).
/// - The sign-in form, which has no session yet, carries the value of the `cg_presession` cookie
///   it was served with (a double-submitted random value).
enum WebSession {
    static let cookieName = "cg_session"
    static let preSessionCookieName = "cg_presession"
    static let csrfField = "_csrf"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    static func cookie(for session: Session, now: Date = Date()) -> Cookie {
        Cookie(name: cookieName, value: session.token, maxAge: max(1, Int(session.expiresAt.timeIntervalSince(now).rounded())), path: "/",
               secure: true, httpOnly: true, sameSite: .lax)
    }

    /// The cookie that deletes the session cookie.
    static var expiredCookie: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    /// A new pre-session value for the sign-in form, and its cookie (an hour).
    static func newPreSession() -> (value: String, cookie: Cookie) {
        var generator = SystemRandomNumberGenerator()
        let value = Hex.lowercase((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return (value, Cookie(name: preSessionCookieName, value: value, maxAge: 3600, path: "/", secure: true, httpOnly: true, sameSite: .strict))
    }

    /// Nil when the request carries the CSRF token its cookies call for; else the refusal (403).
    /// Reads a form body to find `_csrf` (the body stays readable for the handler).
    static func csrfRefusal(_ request: inout Request, sessionToken: String?) async throws -> DomainError? {
        var presented = request.headers[csrfHeader]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            presented = try await FormBody.read(&request)[csrfField]
        }
        if let sessionToken, Session.csrfTokenMatches(presented, sessionToken: sessionToken) { return nil }
        // The sign-in form's double-submitted value, also when a session cookie that no longer
        // works (expired, revoked) is still sent along: signing in again must stay possible.
        if let preSession = request.cookies[preSessionCookieName]?.value, let presented,
           Session.constantTimeEqual(presented, preSession) {
            return nil
        }
        return refusal
    }

    static let refusal = DomainError(.forbidden, code: "csrf_refused", field: csrfField,
                                     zh: "请求缺少有效的安全令牌（CSRF），请刷新页面后重试",
                                     en: "The request lacks a valid CSRF token: reload the page and try again")

    /// 303 to the sign-in page, which comes back to `next` after signing in.
    static func redirectToSignIn(from next: String) -> Response {
        redirect(to: "/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fapp"))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// `next` if it is a path of this site's pages (never another site: no open redirect), else `/app`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/app"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else { return "/app" }
        return next
    }
}
