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

    /// Whether `user` may read `value`: citizens their own reports, handlers their organisation's
    /// cases, everyone else the cases in their jurisdiction.
    static func mayRead(_ value: Case, _ user: User) -> Bool {
        switch user.role {
        case .citizen: value.reporterID == user.id
        case .departmentHandler:
            user.organisationCode.map { org in value.departmentCode == org || value.subtasks.contains { $0.departmentCode == org } } ?? false
        case .system: false
        default: user.covers(value.chain.grid)
        }
    }
}
