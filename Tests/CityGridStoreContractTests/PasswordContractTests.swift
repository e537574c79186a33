import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``IdentityStore``'s passwords and sessions: hashes set in one write, failed sign-ins counted and
/// cleared, one session token revoked, each logged as the contract says.
@Suite struct PasswordContractTests {
    @Test(arguments: StoreKind.allCases) func passwordHashesAreSetTogetherAndClearFailures(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let users = ContractCity.demo.users.sorted { $0.id < $1.id }
        let before = try #require(try await store.credential(username: users[0].username))
        #expect(before.user == users[0] && before.passwordHash == nil && before.failedAttempts == 0 && before.lastFailureAt == nil)
        #expect(try await store.credential(username: "nobody") == nil)

        let t0 = ContractCity.t0
        try await store.recordSignIn(userID: users[0].id, succeeded: false, at: t0.addingTimeInterval(0.7))
        try await store.recordSignIn(userID: users[0].id, succeeded: false, at: t0.addingTimeInterval(5.2))
        let failed = try #require(try await store.credential(username: users[0].username))
        #expect(failed.failedAttempts == 2 && failed.lastFailureAt == Date(timeIntervalSince1970: (t0.timeIntervalSince1970 + 5.2).rounded(.down)) && failed.passwordHash == nil)

        let sequence = try await store.lastChangeSequence()
        try await store.setPasswordHashes([users[0].id: "hash-0", users[1].id: "hash-1"])
        let set = try #require(try await store.credential(username: users[0].username))
        #expect(set.passwordHash == "hash-0" && set.failedAttempts == 0 && set.lastFailureAt == nil)
        #expect(try await store.credential(username: users[1].username)?.passwordHash == "hash-1")
        let entries = try await store.changes(after: sequence, limit: 10)
        #expect(entries.map(\.kind) == [.userChanged, .userChanged])
        #expect(entries.map(\.userID) == [users[0].id, users[1].id])

        // A success clears the count; neither is logged.
        try await store.recordSignIn(userID: users[0].id, succeeded: false, at: t0)
        try await store.recordSignIn(userID: users[0].id, succeeded: true, at: t0)
        #expect(try await store.credential(username: users[0].username)?.failedAttempts == 0)
        #expect(try await store.lastChangeSequence() == sequence + 2)
    }

    @Test(arguments: StoreKind.allCases) func anUnknownUserWritesNoHashAtAll(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let user = try #require(ContractCity.demo.users.first)
        let sequence = try await store.lastChangeSequence()
        await expectDomainError(.notFound, "not_found", field: "username") {
            try await store.setPasswordHashes([user.id: "kept?", UserID(987_654): "no one"])
        }
        #expect(try await store.credential(username: user.username)?.passwordHash == nil)
        #expect(try await store.lastChangeSequence() == sequence)
    }

    @Test(arguments: StoreKind.allCases) func oneSessionIsRevokedAloneAndLogged(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let user = try #require(ContractCity.demo.users.first)
        let t0 = ContractCity.t0, later = t0.addingTimeInterval(3600)
        try await store.addToken(userID: user.id, tokenHash: "session-1", createdAt: t0, expiresAt: later)
        try await store.addToken(userID: user.id, tokenHash: "session-2", createdAt: t0, expiresAt: later)
        let sequence = try await store.lastChangeSequence()
        #expect(try await store.revokeToken(hash: "session-1"))
        #expect(try await store.user(tokenHash: "session-1", at: t0) == nil)
        #expect(try await store.user(tokenHash: "session-2", at: t0) == user)
        #expect(try await !store.revokeToken(hash: "session-1"))
        let entries = try await store.changes(after: sequence, limit: 10)
        #expect(entries.map(\.kind) == [.tokensRevoked] && entries.map(\.userID) == [user.id])
    }
}
