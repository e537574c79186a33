import Foundation

/// The workflow machine: a pure function from a case, an actor and a command to the next case, the
/// event that records the step and the follow-ups the store must do in the same transaction, or a
/// ``DomainError`` that says why not.
///
/// Everything it allows comes from the ``WorkflowDefinition``: the action must leave the case's
/// state, the actor's role must be among the action's roles, the case must lie in the action's scope
/// for the actor, and every guard must hold; then the action's effects run in order, the case moves
/// to the target state, and a clock stage starts when the state belongs to a new stage.
public struct WorkflowMachine: Sendable {
    public var environment: WorkflowEnvironment

    public init(environment: WorkflowEnvironment) {
        self.environment = environment
    }

    var definition: WorkflowDefinition { environment.definition }

    /// Applies `command` to `current` at time `at`.
    public func apply(_ command: WorkflowCommand, to current: Case, by actor: Actor, at: Date) throws(DomainError) -> StepOutcome {
        guard let action = definition.actions[command.action] else {
            throw .invalidField("action", zh: "未知动作：\(command.action)",
                                en: "Unknown action \(command.action); the workflow has \(definition.actionOrder.map(\.rawValue).joined(separator: ", "))")
        }
        guard action.from.contains(current.state) else {
            let allowed = definition.actions(from: current.state).map(\.rawValue).joined(separator: ", ")
            throw DomainError(.conflict, code: "invalid_transition", field: "action",
                              zh: "案件处于“\(definition.label(of: current.state).zh)”状态，不能执行“\(action.label.zh)”",
                              en: "A case in state \(current.state) cannot take \(command.action); allowed: \(allowed.isEmpty ? "none" : allowed)")
        }
        guard action.roles.contains(actor.role) else {
            throw DomainError(.forbidden, code: "role_not_allowed", field: "action",
                              zh: "角色“\(actor.role.label.zh)”不能执行“\(action.label.zh)”",
                              en: "The role \(actor.role.rawValue) may not take \(command.action)")
        }
        try checkScope(action.scope, current, actor)
        try checkText(command)
        let at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        for rule in action.guards { try check(rule, command, current, actor, at) }

        var next = current
        var followUps: [StepOutcome.FollowUp] = []
        var note = command.note
        for effect in action.effects {
            try apply(effect, of: action, command, current, &next, &followUps, &note, actor, at)
        }
        switch action.to {
        case .state(let state): next.state = state
        case .stay: break
        case .previous: next.state = current.stateBeforeMerge ?? definition.initial; next.stateBeforeMerge = nil
        }
        if next.state != current.state {
            if let stage = current.stage, definition.states[next.state]?.stage != stage {
                next.stageLog.record(.init(stage: stage, actorID: actor.userID, at: at, dueAt: current.stageDeadlineAt))
            }
            enterStage(of: &next, at: at)
        }
        next.version += 1
        next.updatedAt = at
        let event = CaseEvent(caseID: current.id, sequence: next.version, actorID: actor.userID, role: actor.role, action: command.action,
                              at: at, fromState: current.state, toState: next.state, note: note, attachments: command.attachments)
        return StepOutcome(next: next, event: event, followUps: followUps)
    }

    /// Whether `actor` may take `action` on `value` now, judged on the state, the role and the scope
    /// only (not on the inputs the action needs, such as a department or a reason).
    public func permits(_ action: WorkflowAction, on value: Case, by actor: Actor) -> Bool {
        guard let definition = definition.action(action, from: value.state), definition.roles.contains(actor.role) else { return false }
        return (try? checkScope(definition.scope, value, actor)) != nil
    }

    /// Checks that `actor` may report a new case at `chain`.
    public func authoriseReport(by actor: Actor, at chain: GridChain) throws(DomainError) {
        guard definition.reportingRoles.contains(actor.role) else {
            throw DomainError(.forbidden, code: "role_not_allowed", field: "source",
                              zh: "角色“\(actor.role.label.zh)”不能上报案件", en: "The role \(actor.role.rawValue) may not report cases")
        }
        if actor.role != .citizen, !actor.covers(chain.grid) {
            throw DomainError(.forbidden, code: "outside_jurisdiction", field: "location",
                              zh: "该位置不在您的辖区内", en: "That location is outside your jurisdiction")
        }
    }

    private func checkScope(_ scope: WorkflowDefinition.Scope, _ value: Case, _ actor: Actor) throws(DomainError) {
        switch scope {
        case .any:
            return
        case .jurisdiction:
            guard actor.covers(value.chain.grid) else { throw outside(value) }
        case .assignedOrganisation:
            guard let department = value.departmentCode, actor.organisationCode == department else {
                throw DomainError(.forbidden, code: "not_assigned",
                                  zh: "案件 \(value.number) 未派遣给您的单位", en: "Case \(value.number) is not dispatched to your organisation")
            }
        case .summonedOrganisation:
            guard let organisation = actor.organisationCode, value.subtasks.contains(where: { $0.departmentCode == organisation }) else {
                throw DomainError(.forbidden, code: "not_summoned",
                                  zh: "您的单位未被召集处置案件 \(value.number)", en: "Your organisation was not summoned to case \(value.number)")
            }
        case .claimable:
            guard let code = actor.organisationCode, let organisation = environment.organisations[code],
                  environment.catalogue[value.category]?.claimableBy.contains(organisation.kind) == true else {
                throw DomainError(.forbidden, code: "not_claimable", zh: "您的单位不能认领案件 \(value.number) 这类任务",
                                  en: "Your organisation may not claim a task such as case \(value.number)")
            }
            guard organisation.serves(value.chain.grid) else { throw outside(value) }
        case .reporterOrJurisdiction:
            if actor.role == .citizen {
                guard let me = actor.userID, value.reporterID == me else { throw outside(value) }
            } else {
                guard actor.covers(value.chain.grid) else { throw outside(value) }
            }
        }
    }

    private func outside(_ value: Case) -> DomainError {
        DomainError(.forbidden, code: "outside_jurisdiction",
                    zh: "案件 \(value.number) 不在您的辖区内", en: "Case \(value.number) is outside your jurisdiction")
    }

    private func checkText(_ command: WorkflowCommand) throws(DomainError) {
        guard command.note.count <= CaseIntake.maxDescriptionLength, !TextRules.hasControlCharacters(command.note) else {
            throw .invalidField("note", zh: "备注过长或含有控制字符",
                                en: "The note is longer than \(CaseIntake.maxDescriptionLength) characters or holds control characters")
        }
        guard command.attachments.count <= 20 else {
            throw .invalidField("attachments", zh: "附件最多20个", en: "At most 20 attachments")
        }
        for (i, link) in command.attachments.enumerated() {
            guard link.count <= 2000, link.hasPrefix("https://") || link.hasPrefix("http://") || link.hasPrefix("media:"),
                  !link.contains(where: { $0.isWhitespace }) else {
                throw .invalidField("attachments[\(i)]", zh: "附件须为 http(s) 链接或 media: 标识",
                                    en: "An attachment is an http(s) link or a media: id of at most 2,000 characters")
            }
        }
    }
}
