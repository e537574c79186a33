import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// Reporting and acting on cases (案件命令), as the caller's roles allow.
extension CityApplication {
    /// Takes a report in from `caller`: the role that reports is the first of the caller's roles
    /// holding ``Permission/caseReport``, and the channel is that role's (a request may only pick among
    /// the role's own channels: a staff client cannot claim `sensor` or `open311`).
    public func report(_ request: ReportRequest, by caller: Caller, at now: Date = Date()) async throws -> CaseView {
        let current = self.current
        guard let categoryText = request.category else {
            throw DomainError.invalidField("category", zh: "缺少类别代码（如 E0102）", en: "category is required (a code such as E0102)")
        }
        guard let category = CategoryCode(categoryText) else {
            throw DomainError.invalidField("category", zh: "类别代码须为 C 或 E 加4位数字", en: "category must be C or E followed by 4 digits")
        }
        guard let location = request.location else {
            throw DomainError.invalidField("location", zh: "缺少位置：location {lon, lat}", en: "location {lon, lat} is required")
        }
        var requested: CaseSource?
        if let text = request.source {
            guard let parsed = CaseSource(rawValue: text) else {
                throw DomainError.invalidField("source", zh: "来源无效", en: "source must be one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            requested = parsed
        }
        try policy.requireHolding(caller, .caseReport)
        guard let user = caller.user, let grant = user.grants.first(where: { policy.scope(of: .caseReport, in: $0) != nil }) else {
            throw AccessPolicy.forbidden(.caseReport)
        }
        let source = try policy.channel(for: grant, requested: requested)
        let created = try await current.service.report(
            CaseReport(category: category, location: location, description: request.description, source: source, componentID: request.componentID),
            by: user.actor(in: grant), at: now)
        return view(created, in: current, offeredTo: caller, at: now)
    }

    /// Takes one workflow step on a case the caller may read, in the first of their roles that may
    /// act on it and that the workflow lets take the action now (else the first role that may act,
    /// whose refusal is reported). Evidence named in `attachments` must be the caller's uploads or
    /// media of cases they may read.
    public func act(on caseID: CaseID, _ request: StepRequest, by caller: Caller, at now: Date = Date()) async throws -> CaseView {
        let current = self.current
        let definition = current.city.workflow
        guard let actionText = request.action else {
            throw DomainError.invalidField("action", zh: "缺少动作", en: "action is required")
        }
        let action = WorkflowAction(rawValue: actionText)
        guard definition.actions[action] != nil else {
            throw DomainError.invalidField("action", zh: "动作无效：\(actionText)",
                                           en: "Unknown action \(actionText); use \(definition.actionOrder.map(\.rawValue).joined(separator: ", "))")
        }
        var satisfaction: Satisfaction?
        if let text = request.satisfaction {
            guard let parsed = Satisfaction(rawValue: text) else {
                throw DomainError.invalidField("satisfaction", zh: "满意度须为 satisfied、basically_satisfied 或 dissatisfied",
                                               en: "satisfaction must be satisfied, basically_satisfied or dissatisfied")
            }
            satisfaction = parsed
        }
        try policy.requireHolding(caller, .caseAct)
        let value = try await readableCase(caseID, by: caller, in: current)
        let actors = self.actors(caller, on: value)
        guard let actor = actors.first(where: { current.service.machine.permits(action, on: value, by: $0) }) ?? actors.first else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "您的角色不能办理此案件", en: "None of your roles may act on this case")
        }
        let command = WorkflowCommand(action, note: request.note, departmentCode: request.departmentCode.map { OrganisationCode($0) }, departmentCodes: request.departmentCodes.map { OrganisationCode($0) },
                                      hours: request.hours, attachments: request.attachments, parentCaseID: request.parentCaseID.map { CaseID($0) },
                                      solved: request.solved, satisfaction: satisfaction, rating: request.rating)
        let policy = self.policy
        let result = try await current.service.act(caseID: caseID, command: command, expectedVersion: request.expectedVersion, by: actor, at: now,
                                                    mayReadCase: { policy.permits(caller, .caseRead, on: .caseRecord($0)) })
        var answer = view(result.value, in: current, offeredTo: caller, at: now)
        answer.created = result.spawned.map { view($0, in: current, offeredTo: caller, at: now) }
        return answer
    }

    /// The roles the caller may act in on `value` (``Permission/caseAct`` reaching the case), as actors.
    func actors(_ caller: Caller, on value: Case) -> [Actor] {
        guard let user = caller.user else { return [] }
        return policy.grants(caller, .caseAct, on: .caseRecord(value)).map { user.actor(in: $0) }
    }

    /// `value` as `caller` sees it; with `offeredTo`, the actions offered (the union over the roles
    /// that may act on it, each action once).
    func view(_ value: Case, in current: Current, offeredTo caller: Caller? = nil, at now: Date = Date()) -> CaseView {
        let city = current.city
        var offers: [ActionOffer]?
        if let caller {
            var seen = Set<WorkflowAction>()
            offers = actors(caller, on: value).flatMap { current.service.availableActions(value, for: $0, at: now) }.filter { seen.insert($0.action).inserted }
        }
        return CaseView(value: value, categoryName: city.catalogue[value.category]?.name, stateLabel: city.workflow.label(of: value.state), offers: offers)
    }

    /// The case if the caller may read it; a case they may not read is reported as not found, like
    /// one that does not exist.
    func readableCase(_ id: CaseID, by caller: Caller, in current: Current) async throws -> Case {
        let value = try await current.service.caseByID(id)
        guard policy.permits(caller, .caseRead, on: .caseRecord(value)) else { throw DomainError.notFound("case", id.description, field: "id") }
        return value
    }
}
