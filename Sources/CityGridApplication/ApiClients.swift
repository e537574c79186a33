import CityGridCore
import Foundation

/// Outside clients (外部客户端) as the application sees them: the key a request carries names its
/// client, or the request is refused (403, `api_key`).
extension CityApplication {
    /// The live client whose key is `key`.
    public func apiClient(key: String?, at now: Date = Date()) async throws -> ApiKey {
        try await current.service.apiClient(key: key, at: now)
    }
}
