import CityGridCore
import CityGridStore
import Foundation

/// The audit of staff reads of personal data in memory, append-only as SQLite keeps it, and the
/// closing of a citizen's account in one step under the lock.
extension InMemoryCityStore {
    public func appendPersonalDataRead(_ read: PersonalDataRead) async throws -> PersonalDataRead {
        try read.validate()
        return try locked { state in
            var stored = read
            stored.id = (state.personalDataReads.last?.id ?? 0) + 1
            stored.fields = read.fields.sorted()
            stored.at = StoredForm.date(read.at)
            state.personalDataReads.append(stored)
            return stored
        }
    }

    public func personalDataReads(_ query: PersonalDataReadQuery) async throws -> [PersonalDataRead] {
        guard (1...PersonalDataReadQuery.maxLimit).contains(query.limit) else {
            throw DomainError.invalidField("limit", zh: "limit 须在1到\(PersonalDataReadQuery.maxLimit)之间", en: "limit must be 1 to \(PersonalDataReadQuery.maxLimit)")
        }
        return try locked { state in Array(state.personalDataReads.lazy.filter(query.matches).prefix(query.limit)) }
    }

    public func closeCitizenAccount(_ userID: UserID, username: String, displayName: String) async throws -> AccountClosure {
        try locked { state in
            guard var user = state.users[userID] else {
                throw DomainError.notFound(LocalizedText(zh: "用户", en: "user"), String(userID.rawValue), field: "user")
            }
            guard user.grants.allSatisfy({ $0.role == .citizen }) else { throw AccountClosureRule.notACitizen }
            guard !state.users.values.contains(where: { $0.username == username && $0.id != userID }) else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(username)", en: "The username \(username) is taken")
            }
            for (contact, owner) in state.contacts where owner == userID {
                state.contacts[contact] = nil
                state.oneTimeCodes[contact] = nil
            }
            state.passwords[userID] = nil
            state.noticeTables.preferences[userID] = nil
            let tokens = state.tokens.filter { $0.value.userID == userID }.map(\.key)
            for hash in tokens { state.tokens[hash] = nil }
            for index in state.noticeTables.outbox.indices where state.noticeTables.outbox[index].notice.recipient == .user(userID) {
                state.noticeTables.outbox[index].address = ""
                if state.noticeTables.outbox[index].state == .pending {
                    state.noticeTables.outbox[index].state = .failed
                    state.noticeTables.outbox[index].lastError = "account closed"
                }
            }
            user.username = username
            user.displayName = displayName
            state.users[userID] = user
            var cases = 0
            for id in state.caseIDs where state.cases[id]?.reporterID == userID {
                cases += 1
                guard var origin = state.origins[id] else { continue }
                origin.contact = nil
                origin.deviceID = nil
                state.origins[id] = origin
            }
            state.log(.userChanged, userID: userID)
            state.log(.tokensRevoked, userID: userID)
            return AccountClosure(userID: userID, casesDetached: cases, tokensRevoked: tokens.count)
        }
    }
}
