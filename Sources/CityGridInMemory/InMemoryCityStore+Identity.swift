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
}
