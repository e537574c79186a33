import CityGridCore
import CityGridStore
import Foundation

/// Tasks claimed by NGOs and volunteer teams (认领): the pool a member's organisation may claim from
/// (filed cases of the classes the catalogue lets its kind claim, in the area it serves, shown as the
/// public sees them: no reporter, no contact), and the claim itself. Once claimed, the case is the
/// organisation's as a dispatched case is a department's: its members dispose of it with evidence
/// through the ordinary steps, an inspector checks it, and a claim not disposed of in time goes back
/// to the pool (the claim stage's overdue action).
extension CityApplication {
    /// The actors the caller may claim as: their roles holding `case.claim`, each in its organisation.
    func claimants(_ caller: Caller) -> [Actor] {
        guard let user = caller.user else { return [] }
        return caller.grants.filter { policy.scope(of: .caseClaim, in: $0) != nil && $0.organisationCode != nil }.map { user.actor(in: $0) }
    }

    /// The tasks the caller's organisations may claim now, newest first (at most `limit`).
    public func claimableTasks(for caller: Caller, limit: Int = 50) async throws -> [PublicCaseView] {
        try policy.requireHolding(caller, .caseClaim)
        guard (1...200).contains(limit) else { throw DomainError.invalidField("limit", zh: "limit 须在1到200之间", en: "limit must be 1 to 200") }
        let current = self.current
        let claimants = self.claimants(caller)
        let machine = current.service.machine
        var found: [Case] = []
        for code in Set(claimants.compactMap(\.organisationCode)) {
            guard let organisation = current.city.organisations.first(where: { $0.code == code }) else { continue }
            let classes = current.city.catalogue.entries.filter { $0.claimableBy.contains(organisation.kind) }
            for entry in classes {
                let page = try await store.cases(CaseQuery(states: [.filed], categoryPrefix: entry.code.rawValue, region: organisation.jurisdiction, limit: limit))
                found += page.cases.filter { value in claimants.contains { machine.permits(.claim, on: value, by: $0) } }
            }
        }
        let newest = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.id > $1.id }.prefix(limit)
        return newest.map { publicView($0, events: nil, in: current) }
    }

    /// Claims the task `id` for the caller's organisation; answers the case as the caller now sees it.
    /// Not found when the caller may not claim it (another area, a class not claimable, already taken).
    public func claim(_ id: CaseID, by caller: Caller, at now: Date = Date()) async throws -> CaseView {
        try policy.requireHolding(caller, .caseClaim)
        let current = self.current
        let notFound = DomainError.notFound(LocalizedText(zh: "可认领任务", en: "claimable task"), String(id.rawValue), field: "id")
        guard let value = try await store.caseByID(id) else { throw notFound }
        let machine = current.service.machine
        guard let actor = claimants(caller).first(where: { machine.permits(.claim, on: value, by: $0) }) else {
            if value.state != .filed, value.departmentCode != nil, claimants(caller).contains(where: { $0.organisationCode == value.departmentCode }) {
                throw DomainError(.conflict, code: "already_claimed", field: "id", zh: "您的单位已认领该任务", en: "Your organisation has claimed this task already")
            }
            throw notFound
        }
        let result = try await current.service.act(caseID: id, command: WorkflowCommand(.claim, note: ""), expectedVersion: value.version, by: actor, at: now)
        return view(result.value, in: current, offeredTo: caller, at: now)
    }
}
