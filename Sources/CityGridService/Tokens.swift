import CityGridCore
import Crypto
import Foundation

/// Bearer tokens for staff and citizens: 32 random bytes shown once, stored only as their SHA-256.
extension CityService {
    /// Issues a new token for `username`, valid for `days`, and returns it; only its hash is stored.
    public func issueToken(username: String, days: Int = 90, at: Date = Date()) async throws -> String {
        guard (1...3650).contains(days) else {
            throw DomainError.invalidField("days", zh: "有效天数须为1到3650", en: "A token is valid for 1 to 3,650 days")
        }
        guard let user = try await store.user(username: username) else {
            throw DomainError.notFound("user", username, field: "username")
        }
        let token = Self.newToken()
        try await store.addToken(userID: user.id, tokenHash: Self.hash(token: token), createdAt: at,
                                 expiresAt: at.addingTimeInterval(Double(days) * 86_400))
        return token
    }

    /// A new token: `cg_` and 32 random bytes in hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "cg_" + Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The user a bearer token belongs to.
    public func authenticate(token: String, at now: Date = Date()) async throws -> User {
        guard token.hasPrefix("cg_"), token.utf8.count == 67 else { throw Self.invalidToken }
        let hash = Self.hash(token: token)
        if let known = callers.user(tokenHash: hash, at: now) { return known }
        guard let user = try await store.user(tokenHash: hash, at: now), user.role != .system else { throw Self.invalidToken }
        callers.remember(user, tokenHash: hash, at: now)
        return user
    }

    static let invalidToken = DomainError(.unauthenticated, code: "invalid_token", field: "Authorization",
                                          zh: "令牌无效或已过期", en: "The bearer token is invalid or expired")

    /// Revokes every token of `username`; returns how many there were.
    public func revokeTokens(username: String) async throws -> Int {
        guard let user = try await store.user(username: username) else {
            throw DomainError.notFound("user", username, field: "username")
        }
        let count = try await store.revokeTokens(userID: user.id)
        callers.forget(userID: user.id)
        return count
    }

    /// The stored form of a token: lowercase hex SHA-256.
    public static func hash(token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}
