import CityGridCore
import Foundation

/// Outside clients (外部客户端) as the application sees them: the key a request carries names its
/// client, or the request is refused (403, `api_key`).
extension CityApplication {
    /// The live client whose key is `key`, within its rate limit (``RateLimits/perApiKey``).
    public func apiClient(key: String?, at now: Date = Date()) async throws -> ApiKey {
        let client = try await current.service.apiClient(key: key, at: now)
        try rateLimiter.admit(.apiKey(client.name), at: now)
        return client
    }

    /// Counts a request of `caller` against the public rate limits: a signed-in citizen by account,
    /// an anonymous caller by `address` (when known); staff are not limited.
    public func admitRequest(of caller: Caller, from address: String?, at now: Date = Date()) throws {
        if let user = caller.user {
            if !user.grants.isEmpty, user.grants.allSatisfy({ $0.role == .citizen }) { try rateLimiter.admit(.citizen(user.id), at: now) }
            return
        }
        if let address { try rateLimiter.admit(.address(address), at: now) }
    }
}
