import CityGridCore
import CityGridStore
import Crypto
import Foundation
import Synchronization

/// Making, checking and revoking outside clients' keys (接口密钥). A key is `ok_` and 32 random bytes
/// in hex, shown once; the store keeps its SHA-256 digest.
extension CityService {
    /// Makes a key for the client `name`, whose reports come in on `channel`; returns the key.
    public func createApiKey(name: String, channel: CaseSource, at now: Date = Date()) async throws -> (ApiKey, String) {
        try ApiKey.validate(name: name)
        guard channel != .inspector, channel != .higherLevel else {
            throw DomainError.invalidField("channel", zh: "客户端渠道只能是 open311、hotline、citizen_app 或 sensor",
                                           en: "A client's channel is open311, hotline, citizen_app or sensor")
        }
        var generator = SystemRandomNumberGenerator()
        let key = "ok_" + Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let stored = try await store.addApiKey(name: name, channel: channel, keyHash: Self.hash(token: key), createdAt: now)
        return (stored, key)
    }

    /// Revokes the key of `name`: not found when there is no live key of that name.
    public func revokeApiKey(name: String, at now: Date = Date()) async throws {
        guard try await store.revokeApiKey(name: name, at: now) else { throw DomainError.notFound("api_key", name, field: "name") }
    }

    /// The live key `key` is, or a 403 naming `api_key`. Answers are kept for
    /// ``ApiKeyCache/lifetime`` seconds, so a revocation takes effect within that time.
    public func apiClient(key: String?, at now: Date = Date()) async throws -> ApiKey {
        guard let key, key.hasPrefix("ok_"), key.utf8.count == 67 else { throw Self.invalidApiKey }
        let hash = Self.hash(token: key)
        if let known = apiKeyCache.lookup(hash, at: now) { return known }
        guard let found = try await store.apiKey(keyHash: hash) else { throw Self.invalidApiKey }
        apiKeyCache.remember(found, hash: hash, at: now)
        return found
    }

    static let invalidApiKey = DomainError(.forbidden, code: "invalid_api_key", field: "api_key",
                                           zh: "缺少接口密钥或密钥无效", en: "The api_key is missing, unknown or revoked")
}

/// Live keys recently checked, by digest, for a few seconds.
public final class ApiKeyCache: Sendable {
    public static let lifetime: TimeInterval = 5
    private let kept = Mutex<[String: (ApiKey, Date)]>([:])

    public init() {}

    func lookup(_ hash: String, at now: Date) -> ApiKey? {
        kept.withLock { kept in
            guard let (key, at) = kept[hash], now.timeIntervalSince(at) < Self.lifetime else { return nil }
            return key
        }
    }

    func remember(_ key: ApiKey, hash: String, at now: Date) {
        kept.withLock { kept in
            if kept.count > 10_000 { kept.removeAll() }
            kept[hash] = (key, now)
        }
    }
}
