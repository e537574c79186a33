import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The staff's inbox pages (消息): the caller's own notices and those of their organisations, with
/// forms to mark them read, and the notice preferences form. Every read and mark goes through the
/// application layer (the policy's `notice.read` and `notice.organisation`).
struct InboxPagesController {
    let application: CityApplication
    let renderer: PageRenderer

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/inbox", use: inbox)
        router.post("app/inbox/read", use: markRead)
        router.get("app/inbox/preferences", use: preferences)
        router.post("app/inbox/preferences", use: savePreferences)
    }

    @Sendable func inbox(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let chrome = PageChrome.of(request, context, policy: application.policy)
            let before = RequestInput.query(request, "before").flatMap(Int64.init)
            var boxes: [[String: Any]] = []
            let own = try await application.inbox(for: context.caller, before: before, limit: 30)
            boxes.append(Self.box(own, name: language.text(WebText.myInbox), box: "me", anchor: "me", language: language, csrf: chrome.csrfToken))
            for organisation in application.inboxOrganisations(for: context.caller) {
                let page = try await application.organisationInbox(organisation.code, for: context.caller, limit: 30)
                boxes.append(Self.box(page, name: "\(language.text(WebText.organisationInbox)) · \(language.text(organisation.name))",
                                      box: "organisation:\(organisation.code.rawValue)", anchor: "org-\(organisation.code.rawValue)",
                                      language: language, csrf: chrome.csrfToken, paged: false))
            }
            let values: [String: Any] = ["heading": language.text(WebText.inbox), "preferencesLabel": language.text(WebText.noticePreferences), "boxes": boxes]
            return renderer.page("inbox", title: language.text(WebText.inbox), language: language, chrome: chrome, values: values, status: .ok)
        }
    }

    /// One inbox's section: every flag set, so that Mustache never finds a key of an enclosing context.
    static func box(_ page: InboxPage, name: String, box: String, anchor: String, language: PageLanguage, csrf: String?, paged: Bool = true) -> [String: Any] {
        var values: [String: Any] = [
            "name": name, "box": box, "anchor": anchor, "recipient": "\(page.recipient.kindCode):\(page.recipient.key)",
            "unread": page.unread, "hasUnread": page.unread > 0, "unreadLabel": language.text(WebText.unreadCount),
            "empty": page.notices.isEmpty, "emptyText": language.text(WebText.inboxEmpty),
            "markRead": language.text(WebText.markRead), "markAllRead": language.text(WebText.markAllRead),
            "olderLabel": language.text(WebText.olderNotices), "older": false,
            "notices": page.notices.map { notice -> [String: Any] in
                ["id": notice.id, "title": language.text(notice.title), "body": language.text(notice.body), "link": notice.link,
                 "at": PageTime.minute(notice.createdAt), "unread": !notice.isRead, "unreadMark": language.text(WebText.unreadMark),
                 "box": box, "csrf": csrf ?? ""]
            },
        ]
        if let csrf { values["csrf"] = csrf }
        if paged, let next = page.nextBefore { values["older"] = next }
        return values
    }

    @Sendable func markRead(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        return try await renderer.orRefusal(request, context, policy: application.policy) {
            let all = form["all"] == "1"
            let ids = try form.all("id").map { text -> Int64 in
                guard let id = Int64(text), id > 0 else {
                    throw DomainError.invalidField("id", zh: "id 须为正整数", en: "id must be a positive whole number")
                }
                return id
            }
            let box = form["box"] ?? "me"
            if box == "me" {
                if all { try await application.markAllNoticesRead(for: context.caller) } else { try await application.markNoticesRead(ids, for: context.caller) }
            } else if box.hasPrefix("organisation:") {
                let code = OrganisationCode(rawValue: String(box.dropFirst("organisation:".count)))
                if all {
                    try await application.markAllOrganisationNoticesRead(code, for: context.caller)
                } else {
                    try await application.markOrganisationNoticesRead(code, ids, for: context.caller)
                }
            } else {
                throw DomainError.invalidField("box", zh: "box 须为 me 或 organisation:单位代码", en: "box must be me or organisation:CODE")
            }
            return WebSession.redirect(to: "/app/inbox")
        }
    }

    @Sendable func preferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            try await preferencesPage(request, context, saved: false)
        }
    }

    private func preferencesPage(_ request: Request, _ context: CityRequestContext, saved: Bool) async throws -> Response {
        let language = PageLanguage.of(request)
        let chrome = PageChrome.of(request, context, policy: application.policy)
        let preferences = try await application.noticePreferences(for: context.caller)
        var values = Self.preferenceValues(preferences, action: "/app/inbox/preferences", language: language)
        if saved { values["saved"] = language.text(WebText.preferencesSaved) }
        return renderer.page("inbox-preferences", title: language.text(WebText.noticePreferences), language: language, chrome: chrome, values: values, status: .ok)
    }

    /// The values of the preferences form (shared with the portal's): one row per kind a person
    /// receives, one checkbox per channel, the inbox's checked and locked.
    static func preferenceValues(_ preferences: NoticePreferences, action: String, language: PageLanguage) -> [String: Any] {
        [
            "heading": language.text(WebText.noticePreferences), "hint": language.text(WebText.noticePreferencesHint),
            "kindLabel": language.text(WebText.noticeKind), "submit": language.text(WebText.savePreferences), "action": action,
            "channels": NoticeChannel.allCases.map { ["label": language.text($0.label)] },
            "kinds": NoticeKind.personal.map { kind -> [String: Any] in
                let chosen = preferences.channels(for: kind)
                return ["code": kind.rawValue, "label": language.text(kind.label),
                        "cells": NoticeChannel.allCases.map { channel -> [String: Any] in
                            ["name": "pref.\(kind.rawValue).\(channel.rawValue)", "aria": "\(language.text(kind.label)) · \(language.text(channel.label))",
                             "checked": chosen.contains(channel), "locked": channel == .inbox]
                        }]
            },
        ]
    }

    /// The preferences a posted form chooses: for every kind a person receives, the channels ticked.
    static func coded(_ form: FormBody) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: NoticeKind.personal.map { kind in
            (kind.rawValue, NoticeChannel.external.filter { form["pref.\(kind.rawValue).\($0.rawValue)"] == "1" }.map(\.rawValue))
        })
    }

    @Sendable func savePreferences(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        return try await renderer.orRefusal(request, context, policy: application.policy) {
            try await application.setNoticePreferences(Self.coded(form), for: context.caller)
            return try await preferencesPage(request, context, saved: true)
        }
    }
}
