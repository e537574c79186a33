import CityGridCore
import Foundation

/// A session started for a citizen who proved their contact with a one-time code (市民会话): the
/// same kind of session a password sign-in gives staff (a new token every time, only its hash kept).
extension CityService {
    /// A new session of `user` from `now`, lasting ``sessionLifetime``.
    public func startSession(for user: User, at now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let token = Self.newToken()
        let expiresAt = now.addingTimeInterval(Self.sessionLifetime)
        try await store.addToken(userID: user.id, tokenHash: Self.hash(token: token), createdAt: now, expiresAt: expiresAt)
        return (token, expiresAt)
    }
}
