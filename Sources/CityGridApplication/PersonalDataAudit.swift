import CityGridCore
import CityGridStore
import Foundation

/// One record of the personal-data audit as administrators read it (个人信息访问记录): the record
/// with the reader's username and name.
public struct PersonalDataReadView: Sendable, Hashable {
    public var read: PersonalDataRead
    public var readerUsername: String
    public var readerName: String
}

/// The audit log of staff reads of personal data (个人信息访问审计): queried by those whose
/// `audit.read` reaches the whole city (administrators), filtered by reader, case, citizen and time,
/// a page at a time.
extension CityApplication {
    /// The records meeting `query`, oldest first. Refused: 401 anonymous, 403 without `audit.read`
    /// city-wide, 400 a limit outside 1…1000 (field `limit`).
    public func personalDataReads(_ query: PersonalDataReadQuery, for caller: Caller) async throws -> [PersonalDataReadView] {
        try policy.require(caller, .auditRead, on: .city)
        let reads = try await store.personalDataReads(query)
        guard !reads.isEmpty else { return [] }
        let users = Dictionary(try await store.users().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return reads.map { read in
            let reader = users[read.readerID]
            return PersonalDataReadView(read: read, readerUsername: reader?.username ?? String(read.readerID.rawValue),
                                        readerName: reader?.displayName ?? "")
        }
    }

    /// The user named `username`, for a query by reader; 404 naming `field` when there is none.
    public func auditedUser(username: String, field: String, for caller: Caller) async throws -> UserID {
        try policy.require(caller, .auditRead, on: .city)
        guard let user = try await store.user(username: username) else {
            throw DomainError.notFound(LocalizedText(zh: "用户", en: "user"), username, field: field)
        }
        return user.id
    }
}
