import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `/api/v1`: inboxes (收件箱) — the caller's own under `me/inbox`, an organisation's under
/// `organisations/{code}/inbox` — and the caller's notice preferences.
struct NoticeController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("me/inbox", use: inbox)
        group.post("me/inbox/read", use: markRead)
        group.post("me/inbox/read-all", use: markAllRead)
        group.get("me/notice-preferences", use: preferences)
        group.put("me/notice-preferences", use: setPreferences)
        group.get("organisations/:code/inbox", use: organisationInbox)
        group.post("organisations/:code/inbox/read", use: markOrganisationRead)
        group.post("organisations/:code/inbox/read-all", use: markAllOrganisationRead)
    }

    struct NoticeDTO: Encodable {
        var id: Int64
        var kind: String
        var subject: Subject
        var title: LocalizedText
        var body: LocalizedText
        var link: String
        var created_at: Date
        var read_at: Date?

        struct Subject: Encodable {
            var kind: String
            var id: String
        }

        init(_ notice: Notice) {
            id = notice.id
            kind = notice.kind.rawValue
            subject = Subject(kind: notice.subject.kind.rawValue, id: notice.subject.id)
            title = notice.title
            body = notice.body
            link = notice.link
            created_at = notice.createdAt
            read_at = notice.readAt
        }
    }

    struct InboxDTO: Encodable {
        var unread: Int
        var notices: [NoticeDTO]
        /// Pass as `before` for the next page; absent on the last.
        var next_before: Int64?
    }

    struct MarkRead: Decodable {
        var ids: [Int64]
    }

    struct Marked: Encodable {
        var marked: Int
    }

    struct PreferencesDTO: Codable {
        var preferences: [String: [String]]
    }

    private func page(_ request: Request) throws -> (before: Int64?, limit: Int) {
        let limit = try RequestInput.int(request, "limit", default: 20, range: 1...CityApplication.inboxPageLimit)
        let before = try RequestInput.query(request, "before").map { text -> Int64 in
            guard let value = Int64(text), value > 0 else {
                throw DomainError.invalidField("before", zh: "before 须为正整数", en: "before must be a positive whole number")
            }
            return value
        }
        return (before, limit)
    }

    private func answer(_ page: InboxPage) throws -> Response {
        try JSONIO.response(InboxDTO(unread: page.unread, notices: page.notices.map(NoticeDTO.init), next_before: page.nextBefore))
    }

    private func organisation(_ context: CityRequestContext) -> OrganisationCode {
        OrganisationCode(rawValue: context.parameters.get("code") ?? "")
    }

    @Sendable func inbox(_ request: Request, context: CityRequestContext) async throws -> Response {
        let (before, limit) = try page(request)
        return try answer(try await application.inbox(for: context.caller, before: before, limit: limit))
    }

    @Sendable func markRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(MarkRead.self, from: request)
        return try JSONIO.response(Marked(marked: try await application.markNoticesRead(body.ids, for: context.caller)))
    }

    @Sendable func markAllRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(Marked(marked: try await application.markAllNoticesRead(for: context.caller)))
    }

    @Sendable func preferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(PreferencesDTO(preferences: try await application.noticePreferences(for: context.caller).coded))
    }

    @Sendable func setPreferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(PreferencesDTO.self, from: request)
        return try JSONIO.response(PreferencesDTO(preferences: try await application.setNoticePreferences(body.preferences, for: context.caller).coded))
    }

    @Sendable func organisationInbox(_ request: Request, context: CityRequestContext) async throws -> Response {
        let (before, limit) = try page(request)
        return try answer(try await application.organisationInbox(organisation(context), for: context.caller, before: before, limit: limit))
    }

    @Sendable func markOrganisationRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(MarkRead.self, from: request)
        return try JSONIO.response(Marked(marked: try await application.markOrganisationNoticesRead(organisation(context), body.ids, for: context.caller)))
    }

    @Sendable func markAllOrganisationRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(Marked(marked: try await application.markAllOrganisationNoticesRead(organisation(context), for: context.caller)))
    }
}
