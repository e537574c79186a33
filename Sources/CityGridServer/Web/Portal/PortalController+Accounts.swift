import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// Signing in to the portal with a one-time code (验证码登录): the contact, then the code; the
/// first code confirmed for a contact registers the citizen. Plain forms: it works without script.
extension PortalController {
    @Sendable func signInForm(_ request: Request, context: CityRequestContext) async throws -> Response {
        signInPage(request, context, step: .contact(RequestInput.query(request, "contact") ?? ""), error: nil,
                   next: RequestInput.query(request, "next"), status: .ok)
    }

    enum SignInStep {
        case contact(String)
        case code(contact: String, sent: OneTimeCodeSent?)
    }

    func signInPage(_ request: Request, _ context: CityRequestContext, step: SignInStep, error: DomainError?, next: String?,
                    status: HTTPResponse.Status) -> Response {
        let language = PageLanguage.of(request)
        var values: [String: Any] = [
            "heading": language.text(WebText.portalSignIn), "hint": language.text(WebText.portalSignInHint),
            "contactLabel": language.text(WebText.contact), "sendCode": language.text(WebText.sendCode),
            "codeLabel": language.text(WebText.code), "verify": language.text(WebText.verify),
            "otherContact": language.text(WebText.otherContact), "next": Self.safeNext(next),
        ]
        switch step {
        case .contact(let contact):
            values["askContact"] = true
            values["contact"] = contact
        case .code(let contact, let sent):
            values["askCode"] = true
            values["contact"] = contact
            if let sent {
                values["sentTo"] = language.text(WebText.codeSent) + " " + sent.contact.masked + (language == .zh ? "，" : ", ") + language.text(WebText.codeValidUntil) + " "
                    + PageTime.minute(sent.expiresAt)
            }
        }
        if let error {
            values["error"] = language.text(error.message)
            values["errorField"] = error.field ?? ""
        }
        var response = renderer.portalPage("portal-signin", title: language.text(WebText.portalSignIn), language: language,
                                           chrome: PortalChrome.of(request, context), values: values, status: status)
        if let seconds = error?.retryAfter { response.headers[.retryAfter] = "\(seconds)" }
        return response
    }

    /// `POST /portal/code` (contact): sends a code and asks for it; a bad contact asks again, saying why.
    @Sendable func sendCode(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let contact = form["contact"] ?? ""
        do {
            let sent = try await application.sendSignInCode(to: contact, via: codeSender)
            return signInPage(request, context, step: .code(contact: contact, sent: sent), error: nil, next: form["next"], status: .ok)
        } catch let error as DomainError {
            // Too soon for a new code: the code sent a moment ago still holds, so ask for it.
            let step: SignInStep = error.code == "code_too_soon" ? .code(contact: contact, sent: nil) : .contact(contact)
            return signInPage(request, context, step: step, error: error, next: form["next"], status: APIError(error).status)
        }
    }

    /// `POST /portal/verify` (contact, code): signs the citizen in (registering them on first use)
    /// and goes on to `next`; a wrong, expired or void code asks again, saying why.
    @Sendable func verify(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let contact = form["contact"] ?? ""
        do {
            let signedIn = try await application.verifySignInCode(contact: contact, code: form["code"] ?? "")
            var target = Self.safeNext(form["next"])
            if signedIn.created { target += (target.contains("?") ? "&" : "?") + "welcome=1" }
            var response = WebSession.redirect(to: target)
            response.setCookie(WebSession.cookie(for: signedIn.session))
            return response
        } catch let error as DomainError {
            let step: SignInStep = error.field == "contact" ? .contact(contact) : .code(contact: contact, sent: nil)
            return signInPage(request, context, step: step, error: error, next: form["next"], status: APIError(error).status)
        }
    }

    @Sendable func signOut(_ request: Request, context: CityRequestContext) async throws -> Response {
        if let token = context.sessionToken { try await application.signOut(sessionToken: token) }
        var response = WebSession.redirect(to: "/portal")
        response.setCookie(WebSession.expiredCookie)
        return response
    }
}
