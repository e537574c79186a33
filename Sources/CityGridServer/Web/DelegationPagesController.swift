import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The delegations page (授权): the grants the caller may read with their history (who granted or
/// revoked what, when and why), a form to grant a power to a body of the caller's jurisdiction, and
/// a revocation form on each grant the caller may revoke. Every decision is the application
/// layer's (``DelegationRules`` in the one policy).
struct DelegationPagesController {
    let application: CityApplication
    let renderer: PageRenderer

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/delegations", use: page)
        router.post("app/delegations", use: grant)
        router.post("app/delegations/{id}/revoke", use: revoke)
    }

    @Sendable func page(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let done = RequestInput.query(request, "done")
            return try await render(request, context, done: done == "granted" ? WebText.delegationGranted : done == "revoked" ? WebText.delegationRevoked : nil)
        }
    }

    private func render(_ request: Request, _ context: CityRequestContext, done: LocalizedText?) async throws -> Response {
        let language = PageLanguage.of(request)
        let chrome = PageChrome.of(request, context, policy: application.policy)
        let views = try await application.delegations(for: context.caller)
        let city = application.current.city
        let offset = city.calendar.utcOffsetSeconds
        let policy = application.policy
        let rows: [[String: Any]] = views.map { view in
            let d = view.delegation
            var row: [String: Any] = [
                "id": d.id, "power": language.text(view.powerLabel), "grantee": language.text(view.organisationName),
                "area": view.regionName.map(language.text) ?? language.text(WebText.wholeCity),
                "from": PageTime.minute(d.validFrom), "until": PageTime.minute(d.validUntil), "reason": d.reason,
                "grantedBy": view.grantedByName, "grantedAt": PageTime.minute(d.grantedAt),
                "status": language.text(view.status.label), "statusCode": view.status.rawValue,
                "revocable": view.revocable, "revoked": false, "csrf": chrome.csrfToken ?? "",
                "revokeLabel": language.text(WebText.revoke), "revokeReasonLabel": language.text(WebText.revokeReason),
                "revokedByLabel": language.text(WebText.revokedBy),
            ]
            if let at = d.revokedAt {
                row["revoked"] = true
                row["revokedBy"] = view.revokedByName ?? ""
                row["revokedAt"] = PageTime.minute(at)
                row["revocationReason"] = d.revocationReason ?? ""
            }
            return row
        }
        // The bodies the caller may grant to: those whose jurisdiction the caller's grant reaches, not their own.
        let own = Set(context.caller.grants.compactMap(\.organisationCode))
        let bodies = city.organisations.filter { body in
            !own.contains(body.code) && body.kind != .centre
                && policy.permits(context.caller, .delegationGrant, on: body.jurisdiction.map { .region($0) } ?? .city)
        }
        let now = Date()
        var values: [String: Any] = [
            "heading": language.text(WebText.delegations), "hint": language.text(WebText.delegationsHint),
            "empty": rows.isEmpty, "emptyText": language.text(WebText.noDelegations), "rows": rows,
            "powerLabel": language.text(WebText.power), "granteeLabel": language.text(WebText.grantee),
            "areaLabel": language.text(WebText.delegationArea), "areaHint": language.text(WebText.delegationAreaHint),
            "fromLabel": language.text(WebText.validFrom), "untilLabel": language.text(WebText.validUntil),
            "reasonLabel": language.text(WebText.delegationReason), "grantedByLabel": language.text(WebText.grantedBy),
            "statusLabel": language.text(WebText.delegationStatus), "grantHeading": language.text(WebText.grantPower),
            "grantSubmit": language.text(WebText.grantPower),
            "mayGrant": policy.holds(context.caller, .delegationGrant) && !bodies.isEmpty,
            "powers": policy.powers.map { ["code": $0.rawValue, "label": language.text($0.label(in: policy))] },
            "bodies": bodies.map { ["code": $0.code.rawValue, "label": "\(language.text($0.name)) (\($0.code.rawValue))"] },
            "today": Self.day(now, offset: offset), "monthLater": Self.day(now.addingTimeInterval(30 * 86_400), offset: offset),
        ]
        if let done { values["done"] = language.text(done) }
        return renderer.page("delegations", title: language.text(WebText.delegations), language: language, chrome: chrome, values: values)
    }

    @Sendable func grant(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        return try await renderer.orRefusal(request, context, policy: application.policy) {
            let offset = application.current.city.calendar.utcOffsetSeconds
            let now = Date()
            // Days of the city: from the start of the first (now, when it is today), until the end of the last.
            var from = try Self.dayStart(form["valid_from"], field: "valid_from", offset: offset)
            if let start = from, start <= now { from = nil }
            let until = try Self.dayStart(form["valid_until"], field: "valid_until", offset: offset).map { $0.addingTimeInterval(86_400) }
            _ = try await application.grantDelegation(DelegationRequest(power: form["power"], organisationCode: form["organisation_code"],
                                                                        jurisdiction: form["jurisdiction"]?.trimmingCharacters(in: .whitespaces),
                                                                        validFrom: from, validUntil: until, reason: form["reason"]),
                                                      by: context.caller, at: now)
            return WebSession.redirect(to: "/app/delegations?done=granted")
        }
    }

    @Sendable func revoke(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        return try await renderer.orRefusal(request, context, policy: application.policy) {
            guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
                throw DomainError.invalidField("id", zh: "授权编号须为正整数", en: "id must be a positive integer")
            }
            _ = try await application.revokeDelegation(id: id, reason: form["reason"], by: context.caller)
            return WebSession.redirect(to: "/app/delegations?done=revoked")
        }
    }

    /// `yyyy-MM-dd` of the city's day holding `date`.
    static func day(_ date: Date, offset: Int) -> String {
        let local = Date(timeIntervalSince1970: date.timeIntervalSince1970 + Double(offset))
        return String(ISOTime.format(local).prefix(10))
    }

    /// The start of the city's day `yyyy-MM-dd`; `nil` when empty; a 400 naming `field` when malformed.
    static func dayStart(_ text: String?, field: String, offset: Int) throws(DomainError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count == 10, let midnight = ISOTime.parse(text + "T00:00:00Z") else {
            throw DomainError.invalidField(field, zh: "\(field) 须为日期，如 2026-12-01", en: "\(field) must be a date such as 2026-12-01")
        }
        return midnight.addingTimeInterval(-Double(offset))
    }
}
