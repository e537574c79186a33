import CityGridCore
import CityGridStore
import Foundation

/// Citizens' contacts and one-time codes (市民账号) in memory, as SQLite keeps them: times to the
/// second, a user and its contact written together, codes checked and counted in one step.
extension InMemoryCityStore {
    public func user(contact: String) async throws -> User? {
        try locked { state in state.contacts[contact].flatMap { state.users[$0] } }
    }

    public func contact(of userID: UserID) async throws -> String? {
        try locked { state in state.users[userID] == nil ? nil : state.contacts.first { $0.value == userID }?.key }
    }

    public func addUser(_ user: NewUser, contact: String) async throws -> User {
        try locked { state in
            guard !state.users.values.contains(where: { $0.username == user.username }) else {
                throw DomainError(.conflict, code: "username_taken", field: "username", zh: "用户名已存在：\(user.username)",
                                  en: "The username \(user.username) is taken")
            }
            guard state.contacts[contact].flatMap({ state.users[$0] }) == nil else {
                throw DomainError(.conflict, code: "contact_taken", field: "contact", zh: "该联系方式已注册", en: "This contact is already registered")
            }
            let stored = User(user, id: UserID((state.users.keys.max()?.rawValue ?? 0) + 1))
            state.users[stored.id] = stored
            state.contacts[contact] = stored.id
            state.log(.userChanged, userID: stored.id)
            return stored
        }
    }

    public func putOneTimeCode(_ code: OneTimeCode) async throws {
        try locked { state in
            var stored = code
            stored.createdAt = StoredForm.date(code.createdAt)
            stored.expiresAt = StoredForm.date(code.expiresAt)
            state.oneTimeCodes[code.contact] = stored
        }
    }

    public func oneTimeCode(contact: String) async throws -> OneTimeCode? {
        try locked { $0.oneTimeCodes[contact] }
    }

    public func checkOneTimeCode(contact: String, codeHash: String, at now: Date, maxFailures: Int) async throws -> OneTimeCodeCheck {
        try locked { state in
            guard var code = state.oneTimeCodes[contact] else { return .missing }
            if StoredForm.seconds(code.expiresAt) <= StoredForm.seconds(now) {
                state.oneTimeCodes[contact] = nil
                return .expired
            }
            if code.codeHash == codeHash {
                state.oneTimeCodes[contact] = nil
                return .accepted
            }
            code.failures += 1
            if code.failures >= maxFailures {
                state.oneTimeCodes[contact] = nil
                return .voided
            }
            state.oneTimeCodes[contact] = code
            return .wrong(remaining: maxFailures - code.failures)
        }
    }
}
