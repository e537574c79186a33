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
}
