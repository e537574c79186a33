import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// Delegated authority over JSON (放权): the grants the caller may read, a new grant, a revocation.
struct DelegationsController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("delegations", use: list)
        group.post("delegations", use: grant)
        group.post("delegations/:id/revoke", use: revoke)
    }

    /// One grant as the API shows it.
    struct DelegationDTO: Encodable {
        var id: Int64
        var power: String
        var power_label: LocalizedText
        var organisation_code: String
        var organisation_name: LocalizedText
        var jurisdiction: String?
        var jurisdiction_name: LocalizedText?
        var valid_from: String
        var valid_until: String
        var reason: String
        var granted_by: String
        var granted_at: String
        var status: String
        var revoked_at: String?
        var revoked_by: String?
        var revocation_reason: String?

        init(_ view: DelegationView) {
            let d = view.delegation
            id = d.id
            power = d.power.rawValue
            power_label = view.powerLabel
            organisation_code = d.organisationCode.rawValue
            organisation_name = view.organisationName
            jurisdiction = d.jurisdiction?.rawValue
            jurisdiction_name = view.regionName
            valid_from = ISOTime.format(d.validFrom)
            valid_until = ISOTime.format(d.validUntil)
            reason = d.reason
            granted_by = view.grantedByName
            granted_at = ISOTime.format(d.grantedAt)
            status = view.status.rawValue
            revoked_at = d.revokedAt.map(ISOTime.format)
            revoked_by = view.revokedByName
            revocation_reason = d.revocationReason
        }
    }

    struct ListDTO: Encodable { var delegations: [DelegationDTO] }

    /// `GET /delegations?in_force=true`: the grants the caller may read, newest first.
    @Sendable func list(_ request: Request, context: CityRequestContext) async throws -> Response {
        let inForce = try RequestInput.bool(request, "in_force") ?? false
        let views = try await application.delegations(for: context.caller, inForce: inForce)
        return try JSONIO.response(ListDTO(delegations: views.map(DelegationDTO.init)))
    }

    struct GrantBody: Decodable {
        var power: String?
        var organisation_code: String?
        var jurisdiction: String?
        var valid_from: String?
        var valid_until: String?
        var reason: String?
    }

    /// `POST /delegations`: grants a power; 201 with the grant.
    @Sendable func grant(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(GrantBody.self, from: request)
        let view = try await application.grantDelegation(DelegationRequest(
            power: body.power, organisationCode: body.organisation_code, jurisdiction: body.jurisdiction,
            validFrom: try RequestInput.time(body.valid_from, field: "valid_from"), validUntil: try RequestInput.time(body.valid_until, field: "valid_until"),
            reason: body.reason),
            by: context.caller)
        return try JSONIO.response(DelegationDTO(view), status: .created)
    }

    struct RevokeBody: Decodable { var reason: String? }

    /// `POST /delegations/{id}/revoke`: revokes a grant in force or scheduled, with a reason.
    @Sendable func revoke(_ request: Request, context: CityRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw DomainError.invalidField("id", zh: "授权编号须为正整数", en: "id must be a positive integer")
        }
        let body = try await RequestInput.decode(RevokeBody.self, from: request)
        let view = try await application.revokeDelegation(id: id, reason: body.reason, by: context.caller)
        return try JSONIO.response(DelegationDTO(view))
    }
}
