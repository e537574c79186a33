import CityGridCore
import CityGridService
import Crypto
import Foundation

/// A staff member's signed-in session (会话) in a browser: the session token, kept by the web front
/// end in an HTTP-only cookie, and the CSRF token its forms carry.
public struct Session: Sendable, Hashable {
    /// The session token (shown once; the store holds only its hash).
    public let token: String
    public let caller: Caller
    public let expiresAt: Date

    /// The token that every form and script request of this session carries (CSRF): derived from
    /// the session token, which a page of another site cannot read, so it cannot forge it either.
    public var csrfToken: String { Session.csrfToken(for: token) }

    /// The CSRF token of the session whose token is `sessionToken`: HMAC-SHA256 of a fixed label
    /// keyed by the session token, in hex.
    public static func csrfToken(for sessionToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("citygrid csrf v1".utf8), using: SymmetricKey(data: Data(sessionToken.utf8)))
        return Hex.lowercase(mac)
    }

    /// True when `presented` is the CSRF token of the session `sessionToken`, compared in constant time.
    public static func csrfTokenMatches(_ presented: String?, sessionToken: String) -> Bool {
        guard let presented else { return false }
        return constantTimeEqual(presented, csrfToken(for: sessionToken))
    }

    /// Whether two strings are equal, in a time that depends on their length only.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Signing in and out with a password (登录与退出).
extension CityApplication {
    /// Signs a staff member in: a new session (a new token every time, so a session id planted
    /// before sign-in is worth nothing). The password check (bcrypt) runs on the heavy-work threads,
    /// not on those serving requests. Refused alike for an unknown user or a wrong password (401
    /// `bad_credentials`), with 429 `sign_in_locked` while failed attempts lock the account.
    public func signIn(username: String, password: String, at now: Date = Date()) async throws -> Session {
        guard !username.isEmpty, username.utf8.count <= 128 else {
            throw DomainError.invalidField("username", zh: "请填写用户名", en: "Give a username")
        }
        guard !password.isEmpty, password.utf8.count <= 1024 else {
            throw DomainError.invalidField("password", zh: "请填写密码", en: "Give a password")
        }
        let heavy = self.heavy
        let signedIn = try await current.service.signIn(username: username, password: password, at: now) { password, hash in
            try await heavy.run { CityService.verifyPassword(password, hash: hash) }
        }
        return Session(token: signedIn.token, caller: Caller(user: signedIn.user), expiresAt: signedIn.expiresAt)
    }

    /// Ends the session of `token`; signing out twice is not an error.
    public func signOut(sessionToken token: String) async throws {
        _ = try await current.service.signOut(token: token)
    }
}
