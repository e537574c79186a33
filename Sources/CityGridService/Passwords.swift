import CityGridCore
import CityGridStore
import Foundation
import HummingbirdBcrypt

/// Staff passwords (密码) and the sessions a sign-in opens. Passwords are stored only as bcrypt
/// hashes (salted, with ``bcryptCost``); a session is a token like those of `citygrid user token`,
/// valid for ``sessionLifetime``, which the web front end keeps in an HTTP-only cookie.
extension CityService {
    /// bcrypt's cost: 2^10 rounds, about 50-100 ms a hash on this project's machines.
    public static let bcryptCost: UInt8 = 10

    /// How long a session lasts from sign-in.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    /// A password's bcrypt hash (slow by design: run it off the request threads).
    public static func hashPassword(_ password: String) throws(DomainError) -> String {
        try PasswordRule.check(password)
        return Bcrypt.hash(password, cost: bcryptCost)
    }

    /// True when `password` matches the bcrypt `hash` (slow by design, like ``hashPassword(_:)``).
    public static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Sets `username`'s password (checked by ``PasswordRule``) and clears their failed sign-ins.
    public func setPassword(username: String, password: String) async throws {
        guard let user = try await store.user(username: username) else {
            throw DomainError.notFound("user", username, field: "username")
        }
        try await store.setPasswordHashes([user.id: try Self.hashPassword(password)])
    }

    /// Gives every user in `usernames` the same password (the demo city's, which the README names):
    /// hashed once, since hundreds of bcrypt hashes would take most of a minute.
    public func setSharedPassword(_ password: String, usernames: [String]) async throws {
        let hash = try Self.hashPassword(password)
        let users = try await store.users()
        let ids = Dictionary(users.map { ($0.username, $0.id) }, uniquingKeysWith: { a, _ in a })
        var hashes: [UserID: String] = [:]
        for name in usernames {
            guard let id = ids[name] else { throw DomainError.notFound("user", name, field: "username") }
            hashes[id] = hash
        }
        try await store.setPasswordHashes(hashes)
    }

    /// The refusal of a wrong username or password: the same for both, so that it does not tell
    /// which usernames exist.
    static let badCredentials = DomainError(.unauthenticated, code: "bad_credentials", field: "password",
                                            zh: "用户名或密码不正确", en: "The username or password is wrong")

    /// Signs `username` in with `password` at `now`: a new session token (shown once; only its hash
    /// is stored) and the user. Refused with the same error for an unknown user, a user without a
    /// password and a wrong password; refused while the account is locked by `throttle` after failed
    /// attempts (429, with the seconds to wait). `verify` checks a password against a hash (bcrypt,
    /// which the caller runs where slow work belongs).
    public func signIn(username: String, password: String, at now: Date = Date(), throttle: SignInThrottle = .standard,
                       verify: (String, String) async throws -> Bool = { password, hash in verifyPassword(password, hash: hash) })
        async throws -> (token: String, user: User, expiresAt: Date)
    {
        guard let credential = try await store.credential(username: username), credential.user.role != .system else {
            // Cost the same as a real check, so that timing does not tell unknown usernames either.
            _ = try await verify(password, Self.decoyHash)
            throw Self.badCredentials
        }
        if let until = throttle.lockedUntil(failures: credential.failedAttempts, lastFailure: credential.lastFailureAt, now: now) {
            throw SignInThrottle.locked(until: until, now: now)
        }
        guard let hash = credential.passwordHash, try await verify(password, hash) else {
            try await store.recordSignIn(userID: credential.user.id, succeeded: false, at: now)
            throw Self.badCredentials
        }
        if credential.failedAttempts > 0 {
            try await store.recordSignIn(userID: credential.user.id, succeeded: true, at: now)
        }
        let token = Self.newToken()
        let expiresAt = now.addingTimeInterval(Self.sessionLifetime)
        try await store.addToken(userID: credential.user.id, tokenHash: Self.hash(token: token), createdAt: now, expiresAt: expiresAt)
        return (token, credential.user, expiresAt)
    }

    /// A bcrypt hash of no one's password, checked when the username is unknown.
    static let decoyHash = Bcrypt.hash("no such user: \(UUID().uuidString)", cost: bcryptCost)

    /// Ends the session of `token` (its token deleted, the caller cache told); false if it was not held.
    public func signOut(token: String) async throws -> Bool {
        let hash = Self.hash(token: token)
        let user = callers.user(tokenHash: hash, at: Date())
        let revoked = try await store.revokeToken(hash: hash)
        if let user { callers.forget(userID: user.id) }
        return revoked
    }
}
