import CityGridCore
import Foundation

/// Outside clients' keys (接口密钥), kept by the SHA-256 digest of the key.
///
/// Contract: names are unique (a second key of one name is a `conflict`, `duplicate_name`); ids are
/// assigned 1, 2, 3…; a revoked key stays listed with its revocation time but no longer authenticates.
public protocol ApiKeyStore: Sendable {
    /// Stores a new key under `name`.
    func addApiKey(name: String, channel: CaseSource, keyHash: String, createdAt: Date) async throws -> ApiKey
    /// The live (not revoked) key with this digest.
    func apiKey(keyHash: String) async throws -> ApiKey?
    /// Revokes the key of `name`; `false` when there is none or it was already revoked.
    func revokeApiKey(name: String, at: Date) async throws -> Bool
    /// Every key, revoked ones included, by id.
    func apiKeys() async throws -> [ApiKey]
}
