import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``IdentityStore``'s citizens: a user written with their contact in one write (found by it,
/// refused when either is taken), and one-time codes kept one per contact, expiring, counted and
/// voided after the last wrong try, each as the contract says.
@Suite struct OneTimeCodeContractTests {
    static let contact = "+8613800138000"

    @Test(arguments: StoreKind.allCases) func aCitizenIsAddedWithTheirContactAndFoundByIt(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        #expect(try await store.user(contact: Self.contact) == nil)
        let sequence = try await store.lastChangeSequence()
        let added = try await store.addUser(NewUser(username: "citizen-test", displayName: "138****8000", role: .citizen), contact: Self.contact)
        #expect(added.username == "citizen-test" && added.role == .citizen)
        #expect(try await store.user(contact: Self.contact) == added)
        #expect(try await store.user(username: "citizen-test") == added)
        #expect(try await store.contact(of: added.id) == Self.contact)
        #expect(try await store.contact(of: ContractCity.demo.users[0].id) == nil)
        let entries = try await store.changes(after: sequence, limit: 10)
        #expect(entries.map(\.kind) == [.userChanged] && entries.map(\.userID) == [added.id])

        // The same contact again, or the same username with another contact: refused, nothing written.
        await expectDomainError(.conflict, "contact_taken", field: "contact") {
            _ = try await store.addUser(NewUser(username: "citizen-other", displayName: "x", role: .citizen), contact: Self.contact)
        }
        await expectDomainError(.conflict, "username_taken", field: "username") {
            _ = try await store.addUser(NewUser(username: "citizen-test", displayName: "x", role: .citizen), contact: "a@example.com")
        }
        #expect(try await store.user(username: "citizen-other") == nil)
        #expect(try await store.user(contact: "a@example.com") == nil)
        #expect(try await store.lastChangeSequence() == sequence + 1)
    }

    @Test(arguments: StoreKind.allCases) func aCodeIsAcceptedOnceAndReplacedByANewOne(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0, sequence = try await store.lastChangeSequence()
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h1", at: t0, maxFailures: 5) == .missing)
        try await store.putOneTimeCode(OneTimeCode(contact: Self.contact, codeHash: "h1", createdAt: t0, expiresAt: t0.addingTimeInterval(600)))
        let held = try #require(try await store.oneTimeCode(contact: Self.contact))
        #expect(held == OneTimeCode(contact: Self.contact, codeHash: "h1", createdAt: ContractCity.stored(t0),
                                    expiresAt: ContractCity.stored(t0.addingTimeInterval(600)), failures: 0))
        // A new code replaces the old one, and its wrong tries.
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "nope", at: t0, maxFailures: 5) == .wrong(remaining: 4))
        try await store.putOneTimeCode(OneTimeCode(contact: Self.contact, codeHash: "h2", createdAt: t0, expiresAt: t0.addingTimeInterval(600)))
        #expect(try await store.oneTimeCode(contact: Self.contact)?.failures == 0)
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h1", at: t0, maxFailures: 5) == .wrong(remaining: 4))
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h2", at: t0.addingTimeInterval(599), maxFailures: 5) == .accepted)
        // Used up: the same code again finds nothing.
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h2", at: t0, maxFailures: 5) == .missing)
        #expect(try await store.oneTimeCode(contact: Self.contact) == nil)
        // Codes are not logged.
        #expect(try await store.lastChangeSequence() == sequence)
    }

    @Test(arguments: StoreKind.allCases) func theLastWrongTryVoidsTheCode(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0
        try await store.putOneTimeCode(OneTimeCode(contact: Self.contact, codeHash: "right", createdAt: t0, expiresAt: t0.addingTimeInterval(600)))
        var answers: [OneTimeCodeCheck] = []
        for _ in 0..<5 { answers.append(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "wrong", at: t0, maxFailures: 5)) }
        #expect(answers == [.wrong(remaining: 4), .wrong(remaining: 3), .wrong(remaining: 2), .wrong(remaining: 1), .voided])
        // The right code no longer helps.
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "right", at: t0, maxFailures: 5) == .missing)
    }

    @Test(arguments: StoreKind.allCases) func anExpiredCodeIsDeletedEvenWhenItMatches(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0
        // Expiry to the second: the code holds through the second before its expiry second.
        try await store.putOneTimeCode(OneTimeCode(contact: Self.contact, codeHash: "h", createdAt: t0, expiresAt: t0.addingTimeInterval(600)))
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h", at: ContractCity.stored(t0.addingTimeInterval(600)), maxFailures: 5) == .expired)
        #expect(try await store.oneTimeCode(contact: Self.contact) == nil)
        // Two contacts' codes are apart.
        try await store.putOneTimeCode(OneTimeCode(contact: "a@example.com", codeHash: "h", createdAt: t0, expiresAt: t0.addingTimeInterval(600)))
        #expect(try await store.checkOneTimeCode(contact: Self.contact, codeHash: "h", at: t0, maxFailures: 5) == .missing)
        #expect(try await store.checkOneTimeCode(contact: "a@example.com", codeHash: "h", at: t0, maxFailures: 5) == .accepted)
    }
}
