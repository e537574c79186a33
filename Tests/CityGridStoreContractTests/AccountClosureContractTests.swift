import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``AccountClosureStore``: closing a citizen's account removes the person (contact, sign-in,
/// sessions, preferences, delivery addresses, the contact kept with their reports) and keeps their
/// reports, pointing at the renamed account; staff and unknown users are refused, writing nothing.
@Suite struct AccountClosureContractTests {
    @Test(arguments: StoreKind.allCases) func closingRemovesThePersonAndKeepsTheReports(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let contact = "+8613900000002"
        let citizen = try await store.addUser(NewUser(username: "citizen-closing", displayName: "139****0002", role: .citizen), contact: contact)
        let other = try await store.addUser(NewUser(username: "citizen-staying", displayName: "139****0003", role: .citizen), contact: "+8613900000003")
        try await store.addToken(userID: citizen.id, tokenHash: "hash-closing", createdAt: ContractCity.t0, expiresAt: ContractCity.t0.addingTimeInterval(86_400))
        try await store.addToken(userID: other.id, tokenHash: "hash-staying", createdAt: ContractCity.t0, expiresAt: ContractCity.t0.addingTimeInterval(86_400))
        try await store.putOneTimeCode(OneTimeCode(contact: contact, codeHash: "x", createdAt: ContractCity.t0, expiresAt: ContractCity.t0.addingTimeInterval(600)))
        try await store.setNoticePreferences(NoticePreferences(), userID: citizen.id)
        var mine = ContractCity.draft(reporter: citizen.id, description: "my own words")
        mine.origin = ReportOrigin(client: "portal", deviceID: "device-1", contact: ReporterContact(firstName: "Ming", phone: "13900000002", email: "ming@example.org"))
        var theirs = ContractCity.draft(grid: 1, reporter: other.id)
        theirs.origin = ReportOrigin(client: "portal", deviceID: "device-2", contact: ReporterContact(phone: "13900000003"))
        let cases = try await store.insertCases([mine, theirs])
        _ = try await store.addNotices([NoticeDraft(recipient: .user(citizen.id), kind: .caseAccepted, subject: .caseRecord(cases[0].id),
                                                    title: LocalizedText(zh: "已受理", en: "Accepted"), body: LocalizedText(zh: "b", en: "b"),
                                                    link: "/portal/cases/\(cases[0].id.rawValue)", createdAt: ContractCity.t0)], cursor: nil)
        let logBefore = try await store.lastChangeSequence()

        let closure = try await store.closeCitizenAccount(citizen.id, username: "closed-\(citizen.id.rawValue)", displayName: "已注销用户 Closed account")
        #expect(closure == AccountClosure(userID: citizen.id, casesDetached: 1, tokensRevoked: 1))
        // The person is gone.
        #expect(try await store.user(contact: contact) == nil)
        #expect(try await store.contact(of: citizen.id) == nil)
        #expect(try await store.user(tokenHash: "hash-closing", at: ContractCity.t0) == nil)
        #expect(try await store.oneTimeCode(contact: contact) == nil)
        #expect(try await store.user(username: "citizen-closing") == nil)
        let renamed = try #require(try await store.user(username: "closed-\(citizen.id.rawValue)"))
        #expect(renamed.id == citizen.id && renamed.displayName == "已注销用户 Closed account")
        let origin = try #require(try await store.origin(ofCase: cases[0].id))
        #expect(origin.contact == nil && origin.deviceID == nil && origin.client == "portal")
        for notice in try await store.notices(for: .user(citizen.id), before: nil, limit: 10) {
            for item in try await store.outbox(noticeID: notice.id) { #expect(item.address.isEmpty && item.state != .pending) }
        }
        // The report stays, with the words of the report, pointing at the renamed account.
        let kept = try #require(try await store.cases(ids: [cases[0].id]).first)
        #expect(kept.reporterID == citizen.id && kept.description == "my own words" && kept.version == cases[0].version)
        // Nobody else is touched.
        #expect(try await store.user(tokenHash: "hash-staying", at: ContractCity.t0)?.id == other.id)
        #expect(try await store.contact(of: other.id) == "+8613900000003")
        #expect(try await store.origin(ofCase: cases[1].id)?.contact?.phone == "13900000003")
        // Logged for the caller caches of every process.
        let entries = try await store.changes(after: logBefore, limit: 10)
        #expect(entries.contains { $0.kind == .userChanged && $0.userID == citizen.id })
        #expect(entries.contains { $0.kind == .tokensRevoked && $0.userID == citizen.id })
    }

    @Test(arguments: StoreKind.allCases) func staffAndUnknownUsersAreRefusedWritingNothing(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let staff = try #require(ContractCity.demo.users.first { $0.role == .intakeOperator })
        await expectDomainError(.forbidden, "not_a_citizen", field: "user") {
            _ = try await store.closeCitizenAccount(staff.id, username: "closed-x", displayName: "x")
        }
        #expect(try await store.user(username: staff.username)?.id == staff.id)
        await expectDomainError(.notFound, "not_found", field: "user") {
            _ = try await store.closeCitizenAccount(UserID(rawValue: 987_654), username: "closed-y", displayName: "y")
        }
        let citizen = try await store.addUser(NewUser(username: "citizen-a", displayName: "a", role: .citizen), contact: "+8613900000004")
        await expectDomainError(.conflict, "username_taken", field: "username") {
            _ = try await store.closeCitizenAccount(citizen.id, username: staff.username, displayName: "z")
        }
        #expect(try await store.contact(of: citizen.id) == "+8613900000004")
    }
}
