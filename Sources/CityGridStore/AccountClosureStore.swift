import CityGridCore
import Foundation

/// What closing a citizen's account removed (注销结果).
public struct AccountClosure: Hashable, Sendable {
    public var userID: UserID
    /// The reports that stay, now detached from the person.
    public var casesDetached: Int
    /// The sessions and tokens revoked.
    public var tokensRevoked: Int

    public init(userID: UserID, casesDetached: Int, tokensRevoked: Int) {
        self.userID = userID
        self.casesDetached = casesDetached
        self.tokensRevoked = tokensRevoked
    }
}

/// Closing a citizen's account (注销账号), all in one write so nothing is half-done.
///
/// Contract: ``closeCitizenAccount(_:username:displayName:)`` on a user who holds only the role
/// `citizen` removes their contact, password, tokens, one-time code and notice preferences, blanks
/// the address of every e-mail or SMS delivery of their notices (a pending one is given up, `failed`,
/// "account closed"), renames the user (`username`, which must not be taken: else `conflict`
/// `username_taken`; `displayName`), and removes the personal fields (name, phone, e-mail, account,
/// device) from the origins of the cases they reported. The cases themselves, their events, the
/// inbox's notices (about cases, no address), points and the audit log stay, pointing at the renamed
/// account; ids are never reused (the outbox's cursor stays right). Logged as
/// ``ChangeLogEntry/Kind/userChanged`` and ``ChangeLogEntry/Kind/tokensRevoked``. An unknown user is
/// `notFound` (field `user`); a user with any other role `forbidden` (`not_a_citizen`); either writes nothing.
public protocol AccountClosureStore: Sendable {
    func closeCitizenAccount(_ userID: UserID, username: String, displayName: String) async throws -> AccountClosure
}
