import CityGridCore
import CityGridService
import Foundation

/// Who is calling (身份): bearer tokens from `citygrid user token`, looked up through the caller cache.
extension CityApplication {
    /// The caller a bearer token belongs to, with the powers delegated to their organisations in
    /// force at `now`; 401 for an unknown, expired or revoked token.
    public func caller(bearerToken token: String, at now: Date = Date()) async throws -> Caller {
        try await withDelegatedPowers(Caller(user: try await current.service.authenticate(token: token, at: now)), at: now)
    }

    /// The caller of an `Authorization` header's value: `Bearer TOKEN`.
    public func caller(authorization header: String?, at now: Date = Date()) async throws -> Caller {
        guard let header else {
            throw DomainError(.unauthenticated, code: "missing_token", field: "Authorization",
                              zh: "需要登录：请提供 Bearer 令牌", en: "Authentication required: send a Bearer token")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw DomainError(.unauthenticated, code: "invalid_token", field: "Authorization",
                              zh: "Authorization 须为 “Bearer 令牌”", en: "The Authorization header must read `Bearer TOKEN`")
        }
        return try await caller(bearerToken: String(parts[1]), at: now)
    }
}
