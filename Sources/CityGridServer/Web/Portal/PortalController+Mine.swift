import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// A citizen's own pages (我的上报): their reports with their public status, their notifications,
/// their contact (shown to them alone), and the rating or reopening of a closed report of theirs.
extension PortalController {
    @Sendable func mine(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderMine(request, context, refusal: nil, status: .ok)
    }

    /// The page, with a refusal of the closing of the account when there was one.
    func renderMine(_ request: Request, _ context: CityRequestContext, refusal: String?, status: HTTPResponse.Status) async throws -> Response {
        let language = PageLanguage.of(request)
        let reports = try await application.myReports(context.caller)
        let inbox = try await application.inbox(for: context.caller, limit: 50)
        let contact = try await application.ownContact(of: context.caller)
        var values: [String: Any] = [
            "heading": language.text(WebText.myReports), "contactLabel": language.text(WebText.contact),
            "contact": contact.map(Self.displayed) ?? (context.caller.user?.displayName ?? ""),
            "notificationsLabel": language.text(WebText.notifications), "noNotificationsText": language.text(WebText.noNotifications),
            "noNotifications": inbox.notices.isEmpty, "unread": inbox.unread, "hasUnread": inbox.unread > 0,
            "unreadLabel": language.text(WebText.unreadCount), "markAllRead": language.text(WebText.markAllRead),
            "preferencesLabel": language.text(WebText.noticePreferences),
            "notifications": inbox.notices.map { notice -> [String: Any] in
                ["id": notice.id, "caseID": notice.subject.caseID.map { String($0.rawValue) } ?? "", "title": language.text(notice.title),
                 "message": language.text(notice.body), "at": PageTime.minute(notice.createdAt), "unread": !notice.isRead,
                 "link": notice.subject.caseID.map { "/portal/cases/\($0.rawValue)" } ?? "/portal/mine"]
            },
            "reportsLabel": language.text(WebText.myReports), "noReportsText": language.text(WebText.noReports), "noReports": reports.isEmpty,
            "reports": reports.map { view -> [String: Any] in
                ["id": view.id.rawValue, "number": view.number, "category": language.text(view.categoryName),
                 "status": language.text(view.status.label), "statusClass": view.status.isOpen ? "open" : "closed",
                 "reported": PageTime.minute(view.requestedAt)]
            },
            "followedLabel": language.text(WebText.followedCases),
        ]
        values.merge(Self.privacyValues(language), uniquingKeysWith: { first, _ in first })
        if let refusal { values["closeRefused"] = refusal }
        if RequestInput.query(request, "welcome") != nil { values["welcome"] = language.text(WebText.welcomeNew) }
        return renderer.portalPage("portal-mine", title: language.text(WebText.myReports), language: language,
                                   chrome: PortalChrome.of(request, context), values: values, status: status)
    }

    /// A contact as its owner typed it, readably: `+86 139 0000 1001`, or the e-mail address.
    static func displayed(_ contact: ContactAddress) -> String {
        guard contact.kind == .phone else { return contact.value }
        let digits = Array(contact.value.dropFirst(3))
        return "+86 " + String(digits[0..<3]) + " " + String(digits[3..<7]) + " " + String(digits[7...])
    }

    /// `POST /portal/cases/{id}/act` (action `visit` with a satisfaction, or `reopen` with a note):
    /// the citizen's return visit or reopening of their closed report, through the workflow like
    /// every step (its guards decide: the reporter only, once, within the reopening window).
    @Sendable func act(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let language = PageLanguage.of(request)
        let id = try RequestInput.caseID(context)
        guard let action = form["action"], ["visit", "reopen"].contains(action) else {
            throw DomainError.invalidField("action", zh: "门户只能评价或重新上报", en: "The portal rates (visit) or reopens a case, nothing else")
        }
        let step = StepRequest(action: action, note: form["note"] ?? "", satisfaction: form["satisfaction"].flatMap { $0.isEmpty ? nil : $0 },
                               expectedVersion: form["expected_version"].flatMap(Int.init))
        do {
            _ = try await application.act(on: id, step, by: context.caller)
            return WebSession.redirect(to: "/portal/cases/\(id.rawValue)?done=\(action)")
        } catch let error as DomainError where error.kind != .unauthenticated {
            return try await renderCasePage(request, context, id: id, notice: (false, language.text(WebText.refused) + "：" + language.text(error.message)),
                                            status: APIError(error).status)
        }
    }
}
