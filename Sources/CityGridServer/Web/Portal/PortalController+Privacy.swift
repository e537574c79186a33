import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// A citizen's personal data on the portal (个人信息): the download of everything held about them
/// (`GET /portal/mine/data.json`) and the closing of their account (`POST /portal/mine/close`, a form
/// with its CSRF token and a ticked confirmation).
extension PortalController {
    static func privacyValues(_ language: PageLanguage) -> [String: Any] {
        ["myDataLabel": language.text(WebText.myData), "downloadData": language.text(WebText.downloadData),
         "downloadDataHint": language.text(WebText.downloadDataHint), "closeAccount": language.text(WebText.closeAccount),
         "closeAccountHint": language.text(WebText.closeAccountHint), "closeAccountConfirm": language.text(WebText.closeAccountConfirm)]
    }

    /// `GET /portal/mine/data.json`: the signed-in person's data as a JSON download.
    @Sendable func myData(_ request: Request, context: CityRequestContext) async throws -> Response {
        let export = try await application.myData(context.caller)
        var response = try JSONIO.response(CitizenDataDTO(export))
        response.headers[.contentDisposition] = "attachment; filename=\"citygrid-my-data.json\""
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `POST /portal/mine/close` (`confirm=yes`): closes the account, ends the session, and sends the
    /// browser to the portal's home; without the confirmation the page says why (400).
    @Sendable func closeAccount(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        let language = PageLanguage.of(request)
        do {
            _ = try await application.closeAccount(context.caller, confirmation: form["confirm"] == "yes")
        } catch let error as DomainError where error.kind == .invalid || error.kind == .forbidden {
            return try await renderMine(request, context, refusal: language.text(error.message), status: APIError(error).status)
        }
        var response = WebSession.redirect(to: "/portal?closed=1")
        response.setCookie(WebSession.expiredCookie)
        return response
    }
}

/// The download of a person's own data, as JSON.
struct CitizenDataDTO: Encodable {
    struct Account: Encodable {
        var id: Int64
        var username: String
        var display_name: String
        var roles: [String]
        var contact: String?
        var contact_kind: String?
    }

    struct ReporterContactDTO: Encodable {
        var first_name: String?
        var last_name: String?
        var phone: String?
        var email: String?
        var account_id: String?
    }

    struct Step: Encodable {
        var action: String
        var at: String
        var note: String
    }

    struct Report: Encodable {
        var id: Int64
        var number: String
        var category: String
        var category_name: LocalizedText
        var status: String
        var status_label: LocalizedText
        var requested_at: String
        var updated_at: String
        var closed_at: String?
        var grid: String
        var description: String?
        var reply: String?
        var agency_name: LocalizedText?
        var contact: ReporterContactDTO?
        var device_id: String?
        var solved: Bool?
        var satisfaction: String?
        var own_steps: [Step]
    }

    struct NoticeDTO: Encodable {
        var id: Int64
        var kind: String
        var title: LocalizedText
        var body: LocalizedText
        var link: String
        var created_at: String
        var read_at: String?
    }

    struct PointsEntryDTO: Encodable {
        var id: Int64
        var delta: Int
        var reason: String
        var case_id: Int64?
        var at: String
        var status: String
    }

    var exported_at: String
    var account: Account
    var reports: [Report]
    var notifications: [NoticeDTO]
    var points_balance: Int
    var points_entries: [PointsEntryDTO]

    init(_ export: CitizenDataExport) {
        exported_at = ISOTime.format(export.exportedAt)
        account = Account(id: export.user.id.rawValue, username: export.user.username, display_name: export.user.displayName,
                          roles: export.user.grants.map(\.role.rawValue), contact: export.contact?.value, contact_kind: export.contact?.kind.rawValue)
        reports = export.reports.map { r in
            let v = r.view
            return Report(id: v.id.rawValue, number: v.number, category: v.category.rawValue, category_name: v.categoryName,
                          status: v.status.rawValue, status_label: v.status.label, requested_at: ISOTime.format(v.requestedAt),
                          updated_at: ISOTime.format(v.updatedAt), closed_at: v.closedAt.map(ISOTime.format), grid: v.grid.rawValue,
                          description: v.description, reply: v.reply, agency_name: v.agencyName,
                          contact: r.contact.map { ReporterContactDTO(first_name: $0.firstName, last_name: $0.lastName, phone: $0.phone, email: $0.email,
                                                                      account_id: $0.accountID) },
                          device_id: r.deviceID, solved: r.solved, satisfaction: r.satisfaction?.rawValue,
                          own_steps: r.ownSteps.map { Step(action: $0.action.rawValue, at: ISOTime.format($0.at), note: $0.note) })
        }
        notifications = export.notices.map { n in
            NoticeDTO(id: n.id, kind: n.kind.rawValue, title: n.title, body: n.body, link: n.link, created_at: ISOTime.format(n.createdAt),
                      read_at: n.readAt.map(ISOTime.format))
        }
        points_balance = export.pointsBalance
        points_entries = export.pointsEntries.map { e in
            PointsEntryDTO(id: e.id.rawValue, delta: e.delta, reason: e.reason.rawValue, case_id: e.caseID?.rawValue, at: ISOTime.format(e.at),
                           status: e.status.rawValue)
        }
    }
}
