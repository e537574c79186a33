import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``DelegationStore``: grants numbered and kept to the second, one revocation each, nothing deleted.
@Suite struct DelegationContractTests {
    static func delegation(_ power: Role = DelegatedPower.approveExtensions, to organisation: OrganisationCode = "O-910101001",
                           at: Date = ContractCity.t0) -> Delegation {
        Delegation(id: 99, power: power, organisationCode: organisation, jurisdiction: RegionCode("910101001"),
                   validFrom: at.addingTimeInterval(0.7), validUntil: at.addingTimeInterval(86_400.5), reason: "汛期 flood season",
                   grantedBy: 4, grantedAt: at.addingTimeInterval(0.2))
    }

    @Test(arguments: StoreKind.allCases) func grantsAreNumberedKeptToTheSecondAndRevokedOnce(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        #expect(try await store.delegations().isEmpty)
        let first = try await store.addDelegation(Self.delegation())
        let second = try await store.addDelegation(Self.delegation(DelegatedPower.evaluateDepartments, to: "S-910101"))
        #expect(first.id == 1 && second.id == 2)
        var expected = Self.delegation()
        expected.id = 1
        expected.validFrom = ContractCity.stored(expected.validFrom)
        expected.validUntil = ContractCity.stored(expected.validUntil)
        expected.grantedAt = ContractCity.stored(expected.grantedAt)
        #expect(first == expected)
        #expect(try await store.delegations().first == expected)

        var revocation = first
        revocation.revokedAt = ContractCity.t0.addingTimeInterval(3600.9)
        revocation.revokedBy = 5
        revocation.revocationReason = "收回 taken back"
        // Only the revocation is taken from what is sent: the grant itself is never changed.
        revocation.reason = "rewritten"
        revocation.validUntil = .distantFuture
        let revoked = try await store.revokeDelegation(revocation)
        #expect(revoked.revokedAt == ContractCity.stored(revocation.revokedAt!) && revoked.revokedBy == 5)
        #expect(revoked.revocationReason == "收回 taken back" && revoked.reason == "汛期 flood season" && revoked.validUntil == expected.validUntil)
        await expectDomainError(.conflict, "delegation_ended", field: "id") { _ = try await store.revokeDelegation(revocation) }
        var unknown = revocation
        unknown.id = 42
        await expectDomainError(.notFound, "not_found", field: "id") { _ = try await store.revokeDelegation(unknown) }
        let all = try await store.delegations()
        #expect(all.map(\.id) == [1, 2] && all[0] == revoked && all[1].revokedAt == nil)
    }
}
