import Foundation

/// The workflow machine: a pure function from a case, an actor and a command to the next case and
/// the event that records the step, or a ``DomainError`` that says why not.
///
/// It checks, in this order: that the action leaves the case's state, that the actor's role may
/// take it, that the case lies in the actor's scope, and the action's own guard (a dispatch needs a
/// body that exists). It stores nothing: the store writes the case and its event in one transaction.
public struct WorkflowMachine: Sendable {
    public var environment: WorkflowEnvironment

    public init(environment: WorkflowEnvironment) {
        self.environment = environment
    }

    /// Applies `command` to `current` at time `at`.
    public func apply(_ command: WorkflowCommand, to current: Case, by actor: Actor, at: Date) throws(DomainError) -> (Case, CaseEvent) {
        guard command.note.count <= CaseIntake.maxDescriptionLength, !TextRules.hasControlCharacters(command.note) else {
            throw .invalidField("note", zh: "备注过长或含有控制字符", en: "The note is longer than \(CaseIntake.maxDescriptionLength) characters or holds control characters")
        }
        guard let transition = environment.definition.transition(command.action, from: current.state) else {
            let allowed = environment.definition.actions(from: current.state).map(\.rawValue).joined(separator: ", ")
            throw DomainError(.conflict, code: "invalid_transition", field: "action",
                              zh: "案件处于“\(current.state.label.zh)”状态，不能执行“\(command.action.label.zh)”",
                              en: "A case in state \(current.state.rawValue) cannot be \(command.action.rawValue)ed; allowed: \(allowed.isEmpty ? "none" : allowed)")
        }
        guard transition.roles.contains(actor.role) else {
            throw DomainError(.forbidden, code: "role_not_allowed", field: "action",
                              zh: "角色“\(actor.role.label.zh)”不能执行“\(command.action.label.zh)”",
                              en: "The role \(actor.role.rawValue) may not \(command.action.rawValue) a case")
        }
        switch transition.scope {
        case .jurisdiction:
            guard actor.covers(current.chain.grid) else {
                throw DomainError(.forbidden, code: "outside_jurisdiction",
                                  zh: "案件 \(current.number) 不在您的辖区内", en: "Case \(current.number) is outside your jurisdiction")
            }
        case .assignedOrganisation:
            guard let department = current.departmentCode, actor.organisationCode == department else {
                throw DomainError(.forbidden, code: "not_assigned",
                                  zh: "案件 \(current.number) 未派遣给您的单位", en: "Case \(current.number) is not dispatched to your organisation")
            }
        }
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        var next = current
        next.state = transition.to
        next.version += 1
        var note = command.note
        switch command.action {
        case .report:
            break
        case .accept:
            next.acceptedAt = at
        case .file:
            next.filedAt = at
        case .dispatch:
            guard let entry = environment.catalogue[current.category] else {
                throw DomainError(.conflict, code: "unknown_category", field: "category",
                                  zh: "目录中没有类别 \(current.category)", en: "The catalogue has no category \(current.category)")
            }
            let department: String
            if let chosen = command.departmentCode {
                guard let organisation = environment.organisations[chosen] else {
                    throw DomainError(.invalid, code: "unknown_department", field: "department_code",
                                      zh: "没有单位 \(chosen)", en: "No organisation \(chosen)")
                }
                guard organisation.kind.disposes, organisation.serves(current.chain.grid) else {
                    throw DomainError(.invalid, code: "department_cannot_dispose", field: "department_code",
                                      zh: "\(organisation.name.zh) 不能处置该位置的案件", en: "\(organisation.name.en) does not dispose cases at this place")
                }
                department = chosen
            } else if let routed = environment.routing.route(entry, grid: current.chain.grid) {
                department = routed
                if note.isEmpty { note = "auto-routed" }
            } else {
                throw DomainError(.invalid, code: "no_route", field: "department_code",
                                  zh: "没有单位负责“\(entry.name.zh)”：请指定处置单位", en: "No body is responsible for \(entry.name.en) here: name a department")
            }
            next.departmentCode = department
            next.dispatchedAt = at
            next.deadlineAt = environment.calendar.deadline(from: at, limit: entry.timeLimit)
        case .dispose:
            next.disposedAt = at
        case .check:
            next.checkedAt = at
        case .close:
            next.closedAt = at
        }
        let event = CaseEvent(caseID: current.id, sequence: next.version, actorID: actor.userID, role: actor.role,
                              action: command.action, at: at, fromState: current.state, toState: next.state, note: note)
        return (next, event)
    }

    /// Whether `actor` may take `action` on `value` now, judged on the state, the role and the scope
    /// only (not on the inputs the action needs, such as a department or a reason).
    public func permits(_ action: WorkflowAction, on value: Case, by actor: Actor) -> Bool {
        guard let transition = environment.definition.transition(action, from: value.state), transition.roles.contains(actor.role) else {
            return false
        }
        switch transition.scope {
        case .jurisdiction: return actor.covers(value.chain.grid)
        case .assignedOrganisation: return value.departmentCode != nil && value.departmentCode == actor.organisationCode
        }
    }

    /// Checks that `actor` may report a new case at `chain`.
    public func authoriseReport(by actor: Actor, at chain: GridChain) throws(DomainError) {
        guard environment.definition.reportingRoles.contains(actor.role) else {
            throw DomainError(.forbidden, code: "role_not_allowed", field: "source",
                              zh: "角色“\(actor.role.label.zh)”不能上报案件", en: "The role \(actor.role.rawValue) may not report cases")
        }
        if actor.role != .citizen, !actor.covers(chain.grid) {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "location",
                              zh: "该位置不在您的巡查网格内", en: "That location is outside your patrol area")
        }
    }
}
