import CityGridCore
import CityGridService
import CityGridStore
import Crypto
import Foundation

/// What a citizen's request for a code came to (验证码已发送): the contact as they may see it and
/// until when the code holds.
public struct OneTimeCodeSent: Sendable, Hashable {
    public var contact: ContactAddress
    public var expiresAt: Date
}

/// A citizen signed in with a one-time code (市民登录): their session, and whether this first use
/// of the contact created their account.
public struct CitizenSignIn: Sendable {
    public var session: Session
    public var created: Bool
}

/// Citizens' accounts (市民账号): registration and sign-in by phone number or e-mail with a
/// one-time code, no password. The first code verified for a contact creates a user in the role
/// `citizen` (username derived from the contact, which is kept as personal data beside it); every
/// verified code starts the same web session staff get from a password.
extension CityApplication {
    /// How long a code holds: 10 minutes.
    public static let oneTimeCodeLifetime: TimeInterval = 600
    /// Wrong codes allowed: the fifth wrong try voids the code.
    public static let oneTimeCodeMaxFailures = 5
    /// A new code for the same contact no sooner than this after the last one.
    public static let oneTimeCodeInterval: TimeInterval = 60

    /// Sends a new 6-digit code to `contact` through `sender`, replacing any code held for it.
    /// Refused: a malformed contact (400 `invalid_contact`, field `contact`), a second request
    /// within ``oneTimeCodeInterval`` (429 `code_too_soon`, with Retry-After).
    public func sendSignInCode(to contact: String, via sender: any OneTimeCodeSender, at now: Date = Date()) async throws -> OneTimeCodeSent {
        let address = try ContactAddress(parsing: contact)
        if let held = try await store.oneTimeCode(contact: address.value), now.timeIntervalSince(held.createdAt) < Self.oneTimeCodeInterval {
            let seconds = max(1, Int((Self.oneTimeCodeInterval - now.timeIntervalSince(held.createdAt)).rounded(.up)))
            var error = DomainError(.tooManyRequests, code: "code_too_soon", field: "contact",
                                    zh: "验证码已发送，请 \(seconds) 秒后再试", en: "A code was just sent: try again in \(seconds) s")
            error.retryAfter = seconds
            throw error
        }
        var generator = SystemRandomNumberGenerator()
        let code = String(format: "%06d", Int.random(in: 0...999_999, using: &generator))
        let expiresAt = now.addingTimeInterval(Self.oneTimeCodeLifetime)
        try await store.putOneTimeCode(OneTimeCode(contact: address.value, codeHash: Self.hash(code: code, contact: address.value),
                                                   createdAt: now, expiresAt: expiresAt))
        let minutes = Int(Self.oneTimeCodeLifetime / 60)
        let text = LocalizedText(zh: "【城市网格化管理】您的验证码是 \(code)，\(minutes) 分钟内有效。请勿告诉他人。",
                                 en: "City grid management: your code is \(code), valid for \(minutes) minutes. Do not share it.")
        do {
            try await sender.send(OneTimeCodeMessage(contact: address, code: code, expiresAt: expiresAt, text: text))
        } catch {
            throw DomainError(.unavailable, code: "code_not_sent", field: "contact",
                              zh: "验证码发送失败，请稍后再试", en: "The code could not be sent: try again later")
        }
        return OneTimeCodeSent(contact: address, expiresAt: expiresAt)
    }

    /// Checks `code` for `contact` and signs the citizen in: a new session, and on the contact's
    /// first use a new citizen account. Refused naming the field: a malformed contact (`contact`),
    /// a code that is not 6 digits (400 `invalid_code`, field `code`), no code sent or one already
    /// used (400 `code_missing`, `code`), an expired code (400 `code_expired`, `code`), a wrong code
    /// (400 `code_wrong`, `code`, with the tries left), the last wrong try (400 `code_voided`, `code`).
    /// A contact that belongs to a staff member is refused like a wrong contact would be: codes sign in citizens only.
    public func verifySignInCode(contact: String, code: String, at now: Date = Date()) async throws -> CitizenSignIn {
        let address = try ContactAddress(parsing: contact)
        let digits = code.trimmingCharacters(in: .whitespaces)
        guard digits.count == 6, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw DomainError(.invalid, code: "invalid_code", field: "code", zh: "验证码须为6位数字", en: "The code has 6 digits")
        }
        switch try await store.checkOneTimeCode(contact: address.value, codeHash: Self.hash(code: digits, contact: address.value),
                                                at: now, maxFailures: Self.oneTimeCodeMaxFailures) {
        case .accepted:
            break
        case .missing:
            throw DomainError(.invalid, code: "code_missing", field: "code",
                              zh: "没有待验证的验证码：请先获取验证码", en: "No code is waiting for this contact: ask for a code first")
        case .expired:
            throw DomainError(.invalid, code: "code_expired", field: "code",
                              zh: "验证码已过期，请重新获取", en: "The code has expired: ask for a new one")
        case .wrong(let remaining):
            throw DomainError(.invalid, code: "code_wrong", field: "code",
                              zh: "验证码不正确，还可尝试 \(remaining) 次", en: "The code is wrong: \(remaining) more tries")
        case .voided:
            throw DomainError(.invalid, code: "code_voided", field: "code",
                              zh: "验证码错误次数过多，已失效，请重新获取", en: "Too many wrong codes: this one is void, ask for a new one")
        }
        var created = false
        let user: User
        if let known = try await store.user(contact: address.value) {
            user = known
        } else {
            do {
                user = try await store.addUser(NewUser(username: Self.citizenUsername(address), displayName: address.masked, role: .citizen),
                                               contact: address.value)
                created = true
            } catch let error as DomainError where error.code == "contact_taken" {
                // Two verifications of one contact at once: the other made the account.
                guard let known = try await store.user(contact: address.value) else { throw error }
                user = known
            }
        }
        guard user.grants.allSatisfy({ $0.role == .citizen }) else {
            throw DomainError(.forbidden, code: "not_a_citizen", field: "contact",
                              zh: "该联系方式属于工作人员账号，请用用户名和密码登录", en: "This contact belongs to a staff account: sign in with username and password")
        }
        let session = try await current.service.startSession(for: user, at: now)
        return CitizenSignIn(session: Session(token: session.token, caller: Caller(user: user), expiresAt: session.expiresAt), created: created)
    }

    /// The contact a signed-in citizen registered with, for their own eyes only; `nil` for anyone
    /// else (staff, anonymous, a citizen made by other means).
    public func ownContact(of caller: Caller) async throws -> ContactAddress? {
        guard let user = caller.user, user.role == .citizen else { return nil }
        return try await store.contact(of: user.id).flatMap { try? ContactAddress(parsing: $0) }
    }

    /// A citizen's username from their contact: `citizen-` and 12 hex digits of its SHA-256, so the
    /// username (which staff see) does not show the contact.
    static func citizenUsername(_ contact: ContactAddress) -> String {
        "citizen-" + Hex.lowercase(SHA256.hash(data: Data(("citygrid contact v1|" + contact.value).utf8)).prefix(6))
    }

    /// A code's stored form: SHA-256 over a label, the contact and the code.
    static func hash(code: String, contact: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data("citygrid one-time code v1|\(contact)|\(code)".utf8)))
    }
}
