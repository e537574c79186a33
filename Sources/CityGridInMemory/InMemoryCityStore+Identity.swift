import CityGridCore
import CityGridStore
import Foundation

/// Users and tokens (身份) in memory: ids as SQLite numbers them, token times to the second, every
/// write logged as an identity change.
extension InMemoryCityStore {
    public func users() async throws -> [User] {
        try locked { $0.usersInOrder }
    }

    public func user(username: String) async throws -> User? {
        try locked { state in state.usersInOrder.first { $0.username == username } }
    }

    public func addUser(_ user: NewUser) async throws -> User {
        try locked { state in
            guard !state.users.values.contains(where: { $0.username == user.username }) else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(user.username)",
                                  en: "The username \(user.username) is taken")
            }
            let stored = User(user, id: UserID((state.users.keys.max()?.rawValue ?? 0) + 1))
            state.users[stored.id] = stored
            state.log(.userChanged, userID: stored.id)
            return stored
        }
    }

    public func user(tokenHash: String, at now: Date) async throws -> User? {
        let second = Int64(now.timeIntervalSince1970)
        return try locked { state in
            guard let token = state.tokens[tokenHash], token.expiresAt > second else { return nil }
            return state.users[token.userID]
        }
    }

    public func addToken(userID: UserID, tokenHash: String, createdAt: Date, expiresAt: Date) async throws {
        try locked { state in
            // As SQLite checks them: the key first, then the reference.
            guard state.tokens[tokenHash] == nil else { throw StoreFailure.duplicate(field: "token_hash") }
            guard state.users[userID] != nil else { throw StoreFailure.missingReference(field: nil) }
            state.tokens[tokenHash] = InMemoryState.Token(userID: userID, createdAt: Int64(createdAt.timeIntervalSince1970),
                                                          expiresAt: Int64(expiresAt.timeIntervalSince1970))
            state.log(.tokenAdded, userID: userID)
        }
    }

    public func revokeTokens(userID: UserID) async throws -> Int {
        try locked { state in
            let revoked = state.tokens.filter { $0.value.userID == userID }.map(\.key)
            for hash in revoked { state.tokens[hash] = nil }
            state.log(.tokensRevoked, userID: userID)
            return revoked.count
        }
    }

    public func revokeToken(hash: String) async throws -> Bool {
        try locked { state in
            guard let token = state.tokens.removeValue(forKey: hash) else { return false }
            state.log(.tokensRevoked, userID: token.userID)
            return true
        }
    }

    public func credential(username: String) async throws -> PasswordCredential? {
        try locked { state in
            guard let user = state.usersInOrder.first(where: { $0.username == username }) else { return nil }
            let password = state.passwords[user.id]
            return PasswordCredential(user: user, passwordHash: password?.hash, failedAttempts: password?.failures ?? 0,
                                      lastFailureAt: password?.lastFailure.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
    }

    public func setPasswordHashes(_ hashes: [UserID: String]) async throws {
        try locked { state in
            if let missing = hashes.keys.sorted().first(where: { state.users[$0] == nil }) {
                throw DomainError.notFound("user", missing.description, field: "username")
            }
            for (id, hash) in hashes.sorted(by: { $0.key < $1.key }) {
                state.passwords[id] = InMemoryState.Password(hash: hash)
                state.log(.userChanged, userID: id)
            }
        }
    }

    public func recordSignIn(userID: UserID, succeeded: Bool, at: Date) async throws {
        try locked { state in
            guard state.users[userID] != nil else { return }
            var password = state.passwords[userID] ?? InMemoryState.Password()
            if succeeded {
                password.failures = 0
                password.lastFailure = nil
            } else {
                password.failures += 1
                password.lastFailure = Int64(at.timeIntervalSince1970.rounded(.down))
            }
            state.passwords[userID] = password
        }
    }
}
