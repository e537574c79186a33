import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Inboxes over HTTP: a caller reads and marks only their own inbox and those of their own
/// organisations; preferences are checked; the inbox page escapes every value.
@Suite struct NoticeHTTPTests {
    typealias S = ServerTests

    static func user(_ username: String) -> User { S.demo.users.first { $0.username == username }! }

    static func draft(_ recipient: NoticeRecipient, body: String = "正文 body", kind: NoticeKind = .caseAccepted) -> NoticeDraft {
        NoticeDraft(recipient: recipient, kind: kind, subject: .caseRecord(7), title: kind.label, body: LocalizedText(zh: body, en: body),
                    link: "/app/cases/7", createdAt: Date())
    }

    @Test func aCallerReadsAndMarksOnlyTheirOwnInbox() async throws {
        try await S.withServer { context, client in
            let one = Self.user("citizen1"), two = Self.user("citizen2")
            let written = try await context.service.store.addNotices([Self.draft(.user(one.id)), Self.draft(.user(two.id)), Self.draft(.user(one.id))], cursor: nil)
            try await client.execute(uri: "/api/v1/me/inbox?limit=1", method: .get, headers: S.headers(context.tokens["citizen1"])) { response in
                #expect(response.status == .ok)
                let json = S.json(response.body)
                #expect(json["unread"] as? Int == 2)
                #expect((json["notices"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [Int(written[2].id)])
                #expect(json["next_before"] as? Int == Int(written[2].id))
            }
            // citizen2's notice named by citizen1: not marked.
            try await client.execute(uri: "/api/v1/me/inbox/read", method: .post, headers: S.headers(context.tokens["citizen1"]),
                                     body: ByteBuffer(string: "{\"ids\":[\(written[1].id),\(written[0].id)]}")) { response in
                #expect(response.status == .ok)
                #expect(S.json(response.body)["marked"] as? Int == 1)
            }
            #expect(try await context.service.store.unreadNoticeCount(for: .user(two.id)) == 1)
            try await client.execute(uri: "/api/v1/me/inbox/read-all", method: .post, headers: S.headers(context.tokens["citizen1"])) { response in
                #expect(S.json(response.body)["marked"] as? Int == 1)
            }
            #expect(try await context.service.store.unreadNoticeCount(for: .user(two.id)) == 1)
            try await client.execute(uri: "/api/v1/me/inbox?limit=0", method: .get, headers: S.headers(context.tokens["citizen1"])) { response in
                #expect(response.status == .badRequest && S.errorOf(response.body).field == "limit")
            }
            try await client.execute(uri: "/api/v1/me/inbox", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func anOrganisationsInboxIsReadByItsMembersOnly() async throws {
        try await S.withServer { context, client in
            let handler = S.demo.users.first { $0.role == .departmentHandler && $0.organisationCode != nil }!
            let own = handler.organisationCode!
            let other = S.demo.city.organisations.first { $0.code != own }!.code
            try await context.service.store.addNotices([Self.draft(.organisation(own), kind: .caseAssigned),
                                                        Self.draft(.organisation(other), kind: .caseAssigned)], cursor: nil)
            let token = context.tokens[handler.username]
            try await client.execute(uri: "/api/v1/organisations/\(own.rawValue)/inbox", method: .get, headers: S.headers(token)) { response in
                #expect(response.status == .ok)
                #expect((S.json(response.body)["notices"] as? [[String: Any]])?.first?["kind"] as? String == "case_assigned")
            }
            try await client.execute(uri: "/api/v1/organisations/\(other.rawValue)/inbox", method: .get, headers: S.headers(token)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/organisations/\(other.rawValue)/inbox/read-all", method: .post, headers: S.headers(token)) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await context.service.store.unreadNoticeCount(for: .organisation(other)) == 1)
            // A citizen holds no organisation inbox; an unknown organisation is not found.
            try await client.execute(uri: "/api/v1/organisations/\(own.rawValue)/inbox", method: .get, headers: S.headers(context.tokens["citizen1"])) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/organisations/NO-SUCH/inbox", method: .get, headers: S.headers(context.tokens["admin"])) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/organisations/\(own.rawValue)/inbox/read-all", method: .post, headers: S.headers(token)) { response in
                #expect(S.json(response.body)["marked"] as? Int == 1)
            }
        }
    }

    @Test func preferencesAreCheckedAndKept() async throws {
        try await S.withServer { context, client in
            let token = context.tokens["citizen1"]
            try await client.execute(uri: "/api/v1/me/notice-preferences", method: .put, headers: S.headers(token),
                                     body: ByteBuffer(string: "{\"preferences\":{\"case_closed\":[\"pigeon\"]}}")) { response in
                #expect(response.status == .badRequest)
                #expect(S.errorOf(response.body).code == "unknown_notice_channel" && S.errorOf(response.body).field == "preferences.case_closed")
            }
            try await client.execute(uri: "/api/v1/me/notice-preferences", method: .put, headers: S.headers(token),
                                     body: ByteBuffer(string: "{\"preferences\":{\"case_accepted\":[\"sms\"],\"case_closed\":[]}}")) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/me/notice-preferences", method: .get, headers: S.headers(token)) { response in
                let preferences = S.json(response.body)["preferences"] as? [String: [String]]
                #expect(preferences?["case_accepted"] == ["inbox", "sms"] && preferences?["case_closed"] == ["inbox"])
                #expect(preferences?["merged_ended"] == ["inbox", "email", "sms"])
            }
            try await client.execute(uri: "/api/v1/me/notice-preferences", method: .get, headers: S.headers(context.tokens["citizen2"])) { response in
                #expect((S.json(response.body)["preferences"] as? [String: [String]])?["case_closed"] == ["inbox", "email", "sms"])
            }
        }
    }

    @Test func theInboxPageEscapesEveryValue() async throws {
        try await S.withServer { context, client in
            let handler = S.demo.users.first { $0.role == .departmentHandler && $0.organisationCode != nil }!
            let hostile = "<script>alert(\"x\")</script>&"
            try await context.service.store.addNotices([Self.draft(.user(handler.id), body: hostile),
                                                        Self.draft(.organisation(handler.organisationCode!), body: hostile + "org", kind: .caseAssigned)], cursor: nil)
            try await client.execute(uri: "/app/inbox", method: .get, headers: S.headers(context.tokens[handler.username])) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(!page.contains("<script>alert"))
                #expect(page.contains("&lt;script&gt;alert(") && page.contains("&lt;/script&gt;&amp;"))
                #expect(page.contains("id=\"inbox-me\"") && page.contains("id=\"inbox-org-\(handler.organisationCode!.rawValue)\""))
                #expect(page.contains("data-unread=\"1\""))
            }
            try await client.execute(uri: "/app/inbox/preferences", method: .get, headers: S.headers(context.tokens[handler.username])) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("name=\"pref.case_closed.sms\"") && page.contains("name=\"_csrf\""))
            }
        }
    }
}

/// The default sender: each notice to the log, the address masked, with its key and text.
@Suite struct LoggingNoticeSenderTests {
    typealias Capture = LoggingCodeSenderTests.Capture

    @Test func aNoticeGoesToTheLogWithItsAddressMasked() async throws {
        let lines = LoggingCodeSenderTests.Lines()
        let logger = Logger(label: "test") { _ in Capture(lines: lines) }
        #expect(LoggingNoticeSender.all(logger: logger).map(\.channel) == [.email, .sms])
        let notice = Notice(id: 9, draft: NoticeHTTPTests.draft(.user(5), body: "案件已结案", kind: .caseClosed))
        try await LoggingNoticeSender(channel: .sms, logger: logger).send(OutgoingNotice(idempotencyKey: 41, channel: .sms, address: "+8613800138000", notice: notice))
        try await LoggingNoticeSender(channel: .email, logger: logger).send(OutgoingNotice(idempotencyKey: 42, channel: .email, address: "wang@example.com", notice: notice))
        #expect(lines.entries.count == 2)
        let sms = try #require(lines.entries.first)
        #expect(sms.0 == .notice && sms.1 == "notice")
        #expect(sms.2["channel"] == "sms" && sms.2["key"] == "41" && sms.2["kind"] == "case_closed")
        #expect(sms.2["to"]?.description == "138****8000")
        #expect(sms.2["text"]?.description.contains("案件已结案") == true)
        #expect(lines.entries[1].2["to"]?.description == "w***@example.com")
    }
}
