import CityGridCore
import Foundation

/// Delegations of power (授权记录): every grant ever made, with its revocation when there is one.
///
/// Contract: ids are assigned 1, 2, 3…; times are kept to the second (rounded down); a grant is
/// never deleted or changed but by its one revocation (revoking a revoked grant is a `conflict`,
/// `delegation_ended`, and changes nothing).
public protocol DelegationStore: Sendable {
    /// Stores a new grant (its id is ignored) and answers it under its assigned id.
    func addDelegation(_ delegation: Delegation) async throws -> Delegation
    /// Records the revocation `revoked` carries (`revokedAt`, `revokedBy`, `revocationReason`) on the
    /// stored grant of its id; answers the grant as stored. Unknown id: `notFound`.
    func revokeDelegation(_ revoked: Delegation) async throws -> Delegation
    /// Every grant, by id.
    func delegations() async throws -> [Delegation]
}
