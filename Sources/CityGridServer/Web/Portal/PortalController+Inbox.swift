import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// A citizen's notices in the portal: the same inbox as staff have (shown on "my reports"), marking
/// it read, and their notice preferences.
extension PortalController {
    @Sendable func markAllRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await application.markAllNoticesRead(for: context.caller)
        return WebSession.redirect(to: "/portal/mine")
    }

    @Sendable func preferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await preferencesPage(request, context, saved: false)
    }

    @Sendable func savePreferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        try await application.setNoticePreferences(InboxPagesController.coded(form), for: context.caller)
        return try await preferencesPage(request, context, saved: true)
    }

    private func preferencesPage(_ request: Request, _ context: CityRequestContext, saved: Bool) async throws -> Response {
        let language = PageLanguage.of(request)
        var values = InboxPagesController.preferenceValues(try await application.noticePreferences(for: context.caller), action: "/portal/preferences",
                                                           language: language)
        if saved { values["saved"] = language.text(WebText.preferencesSaved) }
        return renderer.portalPage("portal-preferences", title: language.text(WebText.noticePreferences), language: language,
                                   chrome: PortalChrome.of(request, context), values: values)
    }
}
