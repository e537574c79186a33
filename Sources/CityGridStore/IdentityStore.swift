import CityGridCore
import Foundation

/// Who may sign in (身份): users and their bearer tokens, kept as SHA-256 hashes.
///
/// Contract:
/// - Users are listed in id order; ids are assigned by the store, 1 more than the highest held.
/// - Every write appends one identity entry to the change log (``ChangeLogEntry/Kind/userChanged``,
///   ``ChangeLogEntry/Kind/tokenAdded``, ``ChangeLogEntry/Kind/tokensRevoked``) naming the user.
/// - Times are kept to the second (rounded down): a token whose expiry second is not after the
///   second of `now` is expired.
public protocol IdentityStore: Sendable {
    /// Every user, in id order.
    func users() async throws -> [User]

    /// The user with this login name, or `nil`.
    func user(username: String) async throws -> User?

    /// Adds a user and returns it under the id the store assigns. A taken username is a `conflict`
    /// (`username_taken`, field `username`) and writes nothing.
    func addUser(_ user: NewUser) async throws -> User

    /// The user holding an unexpired token with this SHA-256 hash at `now`, or `nil`.
    func user(tokenHash: String, at now: Date) async throws -> User?

    /// Records a token of `userID`. A hash already held, or a user that does not exist, is a
    /// `conflict` (``StoreFailure``) and writes nothing.
    func addToken(userID: UserID, tokenHash: String, createdAt: Date, expiresAt: Date) async throws

    /// Deletes every token of a user; returns how many. Logged even when there were none.
    func revokeTokens(userID: UserID) async throws -> Int

    /// Deletes one token (a session signed out); true if it was held. Logged (as
    /// ``ChangeLogEntry/Kind/tokensRevoked`` naming its user) only when it was.
    func revokeToken(hash: String) async throws -> Bool

    /// What a password sign-in needs of `username`: the user, the password's hash (nil: none set),
    /// and the failed attempts in a row; nil for an unknown username.
    func credential(username: String) async throws -> PasswordCredential?

    /// Sets the password hashes of users, all in one write, clearing their failed attempts. A user
    /// that does not exist is a `notFound` (field `username`) and writes nothing. Logged as
    /// ``ChangeLogEntry/Kind/userChanged`` for each user.
    func setPasswordHashes(_ hashes: [UserID: String]) async throws

    /// Records a sign-in attempt of `userID` at `at`: a failure adds one to the failed attempts in a
    /// row and keeps its time, a success clears them. Not logged: it changes nothing of who may do what.
    func recordSignIn(userID: UserID, succeeded: Bool, at: Date) async throws

    // MARK: Citizens' contacts and one-time codes (市民账号)

    /// The user whose contact (a normalised phone number or e-mail address, personal data) this is, or `nil`.
    func user(contact: String) async throws -> User?

    /// The contact held for `userID` (personal data), or `nil`.
    func contact(of userID: UserID) async throws -> String?

    /// Adds a user with their contact, in one write, and returns it under the id the store assigns.
    /// A taken username is a `conflict` (`username_taken`, field `username`), a contact already held
    /// a `conflict` (`contact_taken`, field `contact`); either writes nothing. Logged as ``ChangeLogEntry/Kind/userChanged``.
    func addUser(_ user: NewUser, contact: String) async throws -> User

    /// Keeps `code` as the one code of its contact, replacing any held before (with its wrong tries).
    /// Times to the second. Not logged: a code changes nothing of who may do what.
    func putOneTimeCode(_ code: OneTimeCode) async throws

    /// The code held for `contact`, or `nil`.
    func oneTimeCode(contact: String) async throws -> OneTimeCode?

    /// Presents a code's hash for `contact` at `now`, in one write: an expired code (its expiry
    /// second not after `now`'s) is deleted and reported expired; a matching one is deleted and
    /// accepted; a wrong one counts a failure, and the `maxFailures`-th voids (deletes) it. Not logged.
    func checkOneTimeCode(contact: String, codeHash: String, at now: Date, maxFailures: Int) async throws -> OneTimeCodeCheck
}

/// A user's password credential (登录凭据), as ``IdentityStore/credential(username:)`` reads it.
public struct PasswordCredential: Sendable, Hashable {
    public var user: User
    /// The password's bcrypt hash; nil when none is set (the user cannot sign in with a password).
    public var passwordHash: String?
    /// Failed sign-ins in a row since the last success or password change.
    public var failedAttempts: Int
    /// The time of the last failed sign-in, to the second.
    public var lastFailureAt: Date?

    public init(user: User, passwordHash: String?, failedAttempts: Int, lastFailureAt: Date?) {
        self.user = user
        self.passwordHash = passwordHash
        self.failedAttempts = failedAttempts
        self.lastFailureAt = lastFailureAt
    }
}
