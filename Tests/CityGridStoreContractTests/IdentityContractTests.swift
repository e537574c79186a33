import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``IdentityStore``: users, tokens, expiry, refusals, and their change log entries.
@Suite struct IdentityContractTests {
    @Test(arguments: StoreKind.allCases) func addedUsersTakeTheNextIdAndAUsernameOnce(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let highest = try #require(ContractCity.demo.users.map(\.id).max())
        let new = NewUser(username: "contract-user", displayName: "契约", role: .inspector, jurisdiction: ContractCity.city.grids[0].code)
        let added = try await store.addUser(new)
        #expect(added.id == UserID(highest.rawValue + 1))
        #expect(added == User(new, id: added.id))
        #expect(try await store.user(username: "contract-user") == added)
        #expect(try await store.users().last == added)
        let sequence = try await store.lastChangeSequence()
        #expect(try await store.changes(after: sequence - 1, limit: 1).first.map { [$0.kind == .userChanged, $0.userID == added.id] } == [true, true])

        await expectDomainError(.conflict, "username_taken", field: "username") {
            _ = try await store.addUser(NewUser(username: "contract-user", displayName: "again", role: .citizen))
        }
        #expect(try await store.lastChangeSequence() == sequence)
        #expect(try await store.users().count == ContractCity.demo.users.count + 1)
        #expect(try await store.user(username: "nobody") == nil)
    }

    @Test(arguments: StoreKind.allCases) func aTokenIsValidUntilItsExpirySecond(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let user = try #require(ContractCity.demo.users.first)
        let t0 = ContractCity.t0
        try await store.addToken(userID: user.id, tokenHash: "hash-a", createdAt: t0, expiresAt: t0.addingTimeInterval(60))
        #expect(try await store.user(tokenHash: "hash-a", at: t0) == user)
        // Kept to the second: the token ends at the start of the second its expiry falls in.
        #expect(try await store.user(tokenHash: "hash-a", at: t0.addingTimeInterval(58.9)) == user)
        #expect(try await store.user(tokenHash: "hash-a", at: t0.addingTimeInterval(59.3)) == nil)
        #expect(try await store.user(tokenHash: "hash-a", at: t0.addingTimeInterval(600)) == nil)
        #expect(try await store.user(tokenHash: "no-such-hash", at: t0) == nil)
    }

    @Test(arguments: StoreKind.allCases) func revokingDeletesEveryTokenOfTheUserAndLogsIt(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let users = ContractCity.demo.users.sorted { $0.id < $1.id }
        let t0 = ContractCity.t0, later = t0.addingTimeInterval(3600)
        try await store.addToken(userID: users[0].id, tokenHash: "a1", createdAt: t0, expiresAt: later)
        try await store.addToken(userID: users[0].id, tokenHash: "a2", createdAt: t0, expiresAt: later)
        try await store.addToken(userID: users[1].id, tokenHash: "b1", createdAt: t0, expiresAt: later)
        #expect(try await store.revokeTokens(userID: users[0].id) == 2)
        #expect(try await store.user(tokenHash: "a1", at: t0) == nil)
        #expect(try await store.user(tokenHash: "a2", at: t0) == nil)
        #expect(try await store.user(tokenHash: "b1", at: t0) == users[1])
        #expect(try await store.revokeTokens(userID: users[0].id) == 0)
        let entries = try await store.changes(after: 1, limit: 10)
        #expect(entries.map(\.kind) == [.tokenAdded, .tokenAdded, .tokenAdded, .tokensRevoked, .tokensRevoked])
        #expect(entries.map(\.userID) == [users[0].id, users[0].id, users[1].id, users[0].id, users[0].id])
        #expect(entries.allSatisfy { $0.kind.isIdentity && $0.caseID == nil && $0.configVersion == nil })
    }

    @Test(arguments: StoreKind.allCases) func aTokenHashHeldOrAnUnknownUserIsAConflict(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let users = ContractCity.demo.users.sorted { $0.id < $1.id }
        let t0 = ContractCity.t0
        try await store.addToken(userID: users[0].id, tokenHash: "same", createdAt: t0, expiresAt: t0.addingTimeInterval(60))
        let sequence = try await store.lastChangeSequence()
        await expectDomainError(.conflict, "already_exists", field: "token_hash") {
            try await store.addToken(userID: users[1].id, tokenHash: "same", createdAt: t0, expiresAt: t0.addingTimeInterval(60))
        }
        await expectDomainError(.conflict, "missing_reference", field: .some(nil)) {
            try await store.addToken(userID: 987_654, tokenHash: "other", createdAt: t0, expiresAt: t0.addingTimeInterval(60))
        }
        #expect(try await store.user(tokenHash: "same", at: t0) == users[0])
        #expect(try await store.user(tokenHash: "other", at: t0) == nil)
        #expect(try await store.lastChangeSequence() == sequence)
    }
}
