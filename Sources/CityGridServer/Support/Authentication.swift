import CityGridCore
import CityGridService
import Hummingbird

/// Bearer-token authentication: `Authorization: Bearer cg_…` (tokens from `citygrid user token`).
enum Authentication {
    static func user(_ request: Request, service: CityService) async throws -> User {
        guard let header = request.headers[.authorization] else {
            throw DomainError(.unauthenticated, code: "missing_token", field: "Authorization",
                              zh: "需要登录：请提供 Bearer 令牌", en: "Authentication required: send a Bearer token")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw DomainError(.unauthenticated, code: "invalid_token", field: "Authorization",
                              zh: "Authorization 须为 “Bearer 令牌”", en: "The Authorization header must read `Bearer TOKEN`")
        }
        return try await service.authenticate(token: String(parts[1]))
    }

    /// Whether `user` may read `value`, as the access policy decides (``Permission/caseRead``):
    /// citizens their own reports, handlers their organisation's cases, others their jurisdiction's.
    static func mayRead(_ value: Case, _ user: User) -> Bool {
        AccessPolicy.standard.permits(Caller(user: user), .caseRead, on: .caseRecord(value))
    }

    /// Refuses unless one of the user's roles holds `permission` (its reach is judged by the query).
    static func require(_ permission: Permission, _ user: User) throws {
        try AccessPolicy.standard.requireHolding(Caller(user: user), permission)
    }
}
