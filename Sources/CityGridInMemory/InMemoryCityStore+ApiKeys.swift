import CityGridCore
import CityGridStore
import Foundation

/// Outside clients' keys in memory, as SQLite keeps them.
extension InMemoryCityStore {
    public func addApiKey(name: String, channel: CaseSource, keyHash: String, createdAt: Date) async throws -> ApiKey {
        try locked { state in
            guard !state.apiKeys.contains(where: { $0.key.name == name }) else {
                throw DomainError(.conflict, code: "duplicate_name", field: "name", zh: "已有名为 \(name) 的客户端", en: "A client named \(name) exists already")
            }
            guard !state.apiKeys.contains(where: { $0.hash == keyHash }) else { throw StoreFailure.duplicate(field: "key_hash") }
            let key = ApiKey(id: (state.apiKeys.last?.key.id ?? 0) + 1, name: name, channel: channel,
                             createdAt: StoredForm.date(createdAt))
            state.apiKeys.append((key, keyHash))
            return key
        }
    }

    public func apiKey(keyHash: String) async throws -> ApiKey? {
        try locked { state in state.apiKeys.first { $0.hash == keyHash && $0.key.revokedAt == nil }?.key }
    }

    public func revokeApiKey(name: String, at: Date) async throws -> Bool {
        try locked { state in
            guard let i = state.apiKeys.firstIndex(where: { $0.key.name == name && $0.key.revokedAt == nil }) else { return false }
            state.apiKeys[i].key.revokedAt = StoredForm.date(at)
            return true
        }
    }

    public func apiKeys() async throws -> [ApiKey] {
        try locked { $0.apiKeys.map(\.key) }
    }
}
