import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``NoticeStore``: inboxes by recipient, the outbox written with each notice by the user's
/// preferences and contact, rows marked sent once, retries, cursors moved by compare-and-set.
@Suite struct NoticeContractTests {
    static let t0 = ContractCity.t0

    static func draft(_ recipient: NoticeRecipient, _ kind: NoticeKind, case id: CaseID = 1, at: Date = t0) -> NoticeDraft {
        NoticeDraft(recipient: recipient, kind: kind, subject: .caseRecord(id), title: kind.label,
                    body: LocalizedText(zh: "正文 \(id)", en: "Body \(id)"), link: "/app/cases/\(id)", createdAt: at)
    }

    /// The demo city with a citizen who signed up by phone; the citizen's id.
    static func withCitizen(_ kind: StoreKind) async throws -> (OpenStore, UserID) {
        let open = try await ContractCity.open(kind)
        let citizen = try await open.store.addUser(NewUser(username: "c-notice", displayName: "市民", role: .citizen), contact: "+8613800138000")
        return (open, citizen.id)
    }

    @Test(arguments: StoreKind.allCases) func theOutboxFollowsPreferencesAndTheContact(_ kind: StoreKind) async throws {
        let (open, citizen) = try await Self.withCitizen(kind)
        let store = open.store
        let staff = ContractCity.demo.users[0].id
        let written = try await store.addNotices([
            Self.draft(.user(citizen), .caseClosed), Self.draft(.user(citizen), .caseAccepted),
            Self.draft(.organisation("D-WATER"), .caseAssigned), Self.draft(.user(staff), .caseClosed),
        ], cursor: nil)
        #expect(written.map(\.id) == [1, 2, 3, 4])
        #expect(written[0].createdAt == ContractCity.stored(Self.t0) && written[0].readAt == nil)
        // Closed goes by SMS by default (a phone contact: no e-mail); accepted stays in the inbox.
        let closed = try await store.outbox(noticeID: 1)
        #expect(closed.map(\.channel) == [.sms] && closed.first?.address == "+8613800138000" && closed.first?.state == .pending)
        #expect(closed.first?.notice == written[0])
        #expect(try await store.outbox(noticeID: 2).isEmpty)
        // An organisation and a user without a contact have no address.
        #expect(try await store.outbox(noticeID: 3).isEmpty)
        #expect(try await store.outbox(noticeID: 4).isEmpty)
        // Chosen: accepted by e-mail and SMS (only SMS has an address); closed in the inbox alone.
        var preferences = NoticePreferences.defaults
        preferences.set(.caseAccepted, to: [.email, .sms])
        preferences.set(.caseClosed, to: [])
        try await store.setNoticePreferences(preferences, userID: citizen)
        #expect(try await store.noticePreferences(userID: citizen) == preferences)
        #expect(try await store.noticePreferences(userID: staff) == .defaults)
        try await store.addNotices([Self.draft(.user(citizen), .caseAccepted), Self.draft(.user(citizen), .caseClosed)], cursor: nil)
        #expect(try await store.outbox(noticeID: 5).map(\.channel) == [.sms])
        #expect(try await store.outbox(noticeID: 6).isEmpty)
        await expectDomainError(.notFound, "not_found") { try await store.setNoticePreferences(preferences, userID: 99_999) }
    }

    @Test(arguments: StoreKind.allCases) func anInboxIsReadAndMarkedOnlyByItsRecipient(_ kind: StoreKind) async throws {
        let (open, citizen) = try await Self.withCitizen(kind)
        let store = open.store
        let other: NoticeRecipient = .user(ContractCity.demo.users[0].id)
        var drafts: [NoticeDraft] = []
        for i in 0..<5 { drafts.append(Self.draft(.user(citizen), .caseAccepted, case: CaseID(Int64(i + 1)))) }
        drafts.append(Self.draft(other, .caseEscalated))
        drafts.append(Self.draft(.organisation("D-WATER"), .caseAssigned))
        try await store.addNotices(drafts, cursor: nil)
        let first = try await store.notices(for: .user(citizen), before: nil, limit: 3)
        #expect(first.map(\.id) == [5, 4, 3])
        #expect(try await store.notices(for: .user(citizen), before: 3, limit: 3).map(\.id) == [2, 1])
        #expect(try await store.notices(for: .organisation("D-WATER"), before: nil, limit: 10).map(\.id) == [7])
        #expect(try await store.notices(for: .organisation("D-OTHER"), before: nil, limit: 10).isEmpty)
        #expect(try await store.unreadNoticeCount(for: .user(citizen)) == 5)
        // Ids of another inbox are not marked.
        let at = Self.t0.addingTimeInterval(90)
        #expect(try await store.markNoticesRead(ids: [1, 2, 6, 7], for: .user(citizen), at: at) == 2)
        #expect(try await store.markNoticesRead(ids: [1], for: .user(citizen), at: at) == 0)
        #expect(try await store.unreadNoticeCount(for: .user(citizen)) == 3)
        #expect(try await store.unreadNoticeCount(for: other) == 1)
        #expect(try await store.unreadNoticeCount(for: .organisation("D-WATER")) == 1)
        #expect(try await store.notices(for: .user(citizen), before: 2, limit: 1).first?.readAt == ContractCity.stored(at))
        #expect(try await store.markAllNoticesRead(for: .user(citizen), at: at) == 3)
        #expect(try await store.unreadNoticeCount(for: .user(citizen)) == 0)
        #expect(try await store.unreadNoticeCount(for: other) == 1)
        #expect(try await store.markAllNoticesRead(for: .organisation("D-WATER"), at: at) == 1)
        #expect(try await store.unreadNoticeCount(for: other) == 1)
    }

    @Test(arguments: StoreKind.allCases) func anOutboxRowIsSentOnceAndRetriedUntilGivenUp(_ kind: StoreKind) async throws {
        let (open, citizen) = try await Self.withCitizen(kind)
        let store = open.store
        #expect(try await store.settledOutboxCursor() == 0)
        try await store.addNotices((0..<3).map { _ in Self.draft(.user(citizen), .caseClosed) }, cursor: nil)
        #expect(try await store.dueOutbox(after: 0, at: Self.t0, limit: 10).map(\.id) == [1, 2, 3])
        #expect(try await store.dueOutbox(after: 1, at: Self.t0, limit: 1).map(\.id) == [2])
        #expect(try await store.dueOutbox(after: 0, at: Self.t0.addingTimeInterval(-5), limit: 10).isEmpty)
        #expect(try await store.settledOutboxCursor() == 0)
        // Sent once: a second mark changes nothing.
        #expect(try await store.markOutboxSent(id: 1, at: Self.t0))
        #expect(!(try await store.markOutboxSent(id: 1, at: Self.t0.addingTimeInterval(5))))
        let sent = try await store.outbox(noticeID: 1)[0]
        #expect(sent.state == .sent && sent.sentAt == ContractCity.stored(Self.t0) && sent.attempts == 1)
        #expect(try await store.settledOutboxCursor() == 1)
        // A failure waits for its retry, with its error kept.
        let retry = Self.t0.addingTimeInterval(30)
        #expect(try await store.markOutboxFailed(id: 2, error: "gateway down", retryAt: retry))
        #expect(try await store.dueOutbox(after: 0, at: Self.t0, limit: 10).map(\.id) == [3])
        let waiting = try await store.dueOutbox(after: 0, at: retry, limit: 10)
        #expect(waiting.map(\.id) == [2, 3] && waiting[0].attempts == 1 && waiting[0].lastError == "gateway down")
        #expect(try await store.settledOutboxCursor() == 1)
        // Given up: failed for good, kept with its error; no longer due, no longer holding the cursor.
        #expect(try await store.markOutboxFailed(id: 2, error: "still down", retryAt: nil))
        #expect(!(try await store.markOutboxSent(id: 2, at: retry)))
        let failed = try await store.outbox(noticeID: 2)[0]
        #expect(failed.state == .failed && failed.attempts == 2 && failed.lastError == "still down")
        #expect(try await store.settledOutboxCursor() == 2)
        #expect(try await store.markOutboxSent(id: 3, at: retry))
        #expect(try await store.settledOutboxCursor() == 3)
        #expect(try await store.dueOutbox(after: 0, at: retry.addingTimeInterval(86_400), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func notesAreWrittenWithTheirCursorOrNotAtAll(_ kind: StoreKind) async throws {
        let (open, citizen) = try await Self.withCitizen(kind)
        let store = open.store
        #expect(try await store.noticeCursor("case-events") == 0)
        try await store.addNotices([Self.draft(.user(citizen), .caseAccepted)], cursor: NoticeCursorMove(name: "case-events", from: 0, to: 7))
        #expect(try await store.noticeCursor("case-events") == 7)
        // A stale cursor: refused, nothing written.
        await expectDomainError(.conflict, "cursor_moved") {
            try await store.addNotices([Self.draft(.user(citizen), .caseClosed)], cursor: NoticeCursorMove(name: "case-events", from: 0, to: 9))
        }
        #expect(try await store.notices(for: .user(citizen), before: nil, limit: 10).map(\.kind) == [.caseAccepted])
        #expect(try await store.outbox(noticeID: 2).isEmpty)
        #expect(try await store.noticeCursor("case-events") == 7)
        #expect(!(try await store.moveNoticeCursor("outbox", from: 3, to: 4)))
        #expect(try await store.moveNoticeCursor("outbox", from: 0, to: 4))
        #expect(try await store.noticeCursor("outbox") == 4)
        #expect(try await store.noticeCursor("case-events") == 7)
    }

    @Test(arguments: StoreKind.allCases) func aStepsNoticesHaveKindsAndOutboxRows(_ kind: StoreKind) async throws {
        let (open, citizen) = try await Self.withCitizen(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft(reporter: citizen))
        let message = LocalizedText(zh: "已结案", en: "Closed")
        _ = try await store.transition(caseID: created.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .closed, action: .close, followUps: [.notifyReporter(caseID: current.id, reporterID: citizen, message: message)])
        }
        let inbox = try await store.notices(for: .user(citizen), before: nil, limit: 10)
        #expect(inbox.map(\.kind) == [.caseClosed] && inbox.first?.body == message && inbox.first?.subject.caseID == created.id)
        #expect(inbox.first?.link == "/portal/cases/\(created.id.rawValue)")
        #expect(try await store.outbox(noticeID: inbox[0].id).map(\.channel) == [.sms])
        #expect(try await store.notifications(userID: citizen, limit: 10).map(\.message) == [message])
    }
}
