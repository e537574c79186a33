import Foundation

extension WorkflowMachine {
    /// Checks one guard: first its input part (what the command carries), then its state part (what
    /// the case, the actor and the time allow). A failed guard is a 400 naming the command's field, or
    /// a 409 when the case's own state (its sub-tasks, its closing date) is what stands in the way.
    func check(_ rule: WorkflowGuard, _ command: WorkflowCommand, _ current: Case, _ actor: Actor, _ at: Date) throws(DomainError) {
        try checkInput(rule, command, current, actor)
        try checkState(rule, current, actor, at)
    }

    /// The state part of a guard: what must hold of the case, the actor and the time whatever the
    /// command carries. When it fails no command can pass the guard; when it holds, a plausible
    /// input (see ``WorkflowGuard/inputs``) passes the input part. ``offers(on:by:at:)`` uses only this part.
    func checkState(_ rule: WorkflowGuard, _ current: Case, _ actor: Actor, _ at: Date) throws(DomainError) {
        switch rule {
        case .reason, .hours, .evidence, .parent, .satisfaction:
            return
        case .departments:
            guard !bodies(serving: current).isEmpty else {
                throw DomainError(.conflict, code: "no_body_here", field: "department_codes",
                                  zh: "没有能处置该位置案件的单位", en: "No body disposes cases at this place")
            }
        case .rating:
            guard !rateableBodies(current, by: actor).isEmpty else {
                throw DomainError(.conflict, code: "nothing_to_rate", field: "department_code",
                                  zh: "没有您可以评价的已报到单位", en: "No summoned body that has arrived is yours to rate")
            }
        case .reopenWindow:
            guard let closedAt = current.closedAt,
                  at.timeIntervalSince(closedAt) <= Double(definition.reopenWindowDays) * 86_400 else {
                throw DomainError(.conflict, code: "reopen_window_passed", field: "action",
                                  zh: "结案已超过\(definition.reopenWindowDays)天，请重新上报", en: "The case closed more than \(definition.reopenWindowDays) days ago: report it anew")
            }
        case .subtasksDone:
            let open = current.subtasks.filter { !$0.isDone }.map(\.departmentCode.rawValue)
            guard open.isEmpty else {
                throw DomainError(.conflict, code: "subtasks_open", field: "action",
                                  zh: "还有被召集单位未完成：\(open.joined(separator: "、"))", en: "Summoned bodies have not finished: \(open.joined(separator: ", "))")
            }
        case .ownSubtaskOpen:
            guard current.subtasks.contains(where: { $0.departmentCode == actor.organisationCode && !$0.isDone }) else {
                throw DomainError(.conflict, code: "no_open_subtask", field: "action",
                                  zh: "您的单位在本案没有未完成的子任务", en: "Your organisation has no unfinished sub-task on this case")
            }
        case .notVisited:
            guard current.satisfaction == nil else {
                throw DomainError(.conflict, code: "already_visited", field: "action", zh: "本案已回访", en: "The return visit of this case is recorded already")
            }
        case .notReopened:
            guard current.reopenCount == 0 else {
                throw DomainError(.conflict, code: "already_reopened", field: "action", zh: "本案已重新上报过", en: "This case was reopened already")
            }
        case .reporterOnlyForCitizens:
            if actor.role == .citizen, actor.userID == nil || current.reporterID != actor.userID {
                throw DomainError(.forbidden, code: "not_reporter", zh: "只有上报人可以这样做", en: "Only the reporter may do this")
            }
        }
    }

    /// The input part of a guard: what the command must carry. Guards on the case alone pass here.
    func checkInput(_ rule: WorkflowGuard, _ command: WorkflowCommand, _ current: Case, _ actor: Actor) throws(DomainError) {
        switch rule {
        case .reopenWindow, .subtasksDone, .ownSubtaskOpen, .notVisited, .notReopened, .reporterOnlyForCitizens:
            return
        case .reason:
            guard !command.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalidField("note", zh: "“\(definition.label(of: command.action).zh)”需要填写理由或意见",
                                    en: "\(command.action) needs a reason or an opinion in note")
            }
        case .hours:
            guard let hours = command.hours, hours > 0, hours <= 2000 else {
                throw .invalidField("hours", zh: "延期时长须为0到2000之间的工作小时数", en: "hours must be a number of working hours above 0 and at most 2,000")
            }
        case .evidence:
            guard !command.attachments.isEmpty || !command.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalidField("attachments", zh: "需要提供处置照片、链接或说明", en: "Evidence is needed: photos or links in attachments, or a note")
            }
        case .departments:
            guard !command.departmentCodes.isEmpty, command.departmentCodes.count <= 20,
                  Set(command.departmentCodes).count == command.departmentCodes.count else {
                throw .invalidField("department_codes", zh: "须列出1到20个不重复的单位", en: "department_codes must list 1 to 20 different bodies")
            }
            for (i, code) in command.departmentCodes.enumerated() {
                guard let organisation = environment.organisations[code], canDispose(organisation, current) else {
                    throw .invalidField("department_codes[\(i)]", zh: "没有能处置该位置案件的单位 \(code)", en: "No body \(code) that disposes cases at this place")
                }
            }
        case .parent:
            guard let parent = command.parentCaseID, parent > 0, parent != current.id else {
                throw .invalidField("parent_case_id", zh: "须指明要合并到的另一个案件", en: "parent_case_id must name another case to merge into")
            }
        case .satisfaction:
            guard command.satisfaction != nil else {
                throw .invalidField("satisfaction", zh: "须选择满意、基本满意或不满意",
                                    en: "satisfaction must be satisfied, basically_satisfied or dissatisfied")
            }
        case .rating:
            guard let rating = command.rating, (1...5).contains(rating) else {
                throw .invalidField("rating", zh: "评分须为1到5", en: "rating must be 1 to 5")
            }
            guard let department = command.departmentCode,
                  let subtask = current.subtasks.last(where: { $0.departmentCode == department }) else {
                throw .invalidField("department_code", zh: "须指明被召集的单位", en: "department_code must name a summoned body")
            }
            guard mayRate(subtask, actor) else {
                throw DomainError(.forbidden, code: "not_summoner", zh: "只有吹哨方可以评价", en: "Only the summoning side rates the response")
            }
            guard subtask.arrivedAt != nil else {
                throw DomainError(.conflict, code: "not_arrived", field: "department_code", zh: "该单位尚未报到", en: "That body has not arrived yet")
            }
        }
    }

    /// Whether `organisation` disposes cases at the place of `value`.
    func canDispose(_ organisation: Organisation, _ value: Case) -> Bool {
        organisation.kind.disposes && organisation.serves(value.chain.grid)
    }

    /// The bodies that dispose cases at the place of `value`, by code.
    func bodies(serving value: Case) -> [OrganisationCode] {
        environment.organisations.values.filter { canDispose($0, value) }.map(\.code).sorted()
    }

    /// Whether `actor` is on the summoning side of `subtask`.
    func mayRate(_ subtask: Subtask, _ actor: Actor) -> Bool {
        subtask.summonedBy == nil || subtask.summonedBy == actor.principal || subtask.summonerOrganisation.map({ $0 == actor.organisationCode }) == true
    }

    /// The summoned bodies `actor` may rate on `value`: their latest sub-task arrived and was summoned
    /// by the actor's side.
    func rateableBodies(_ value: Case, by actor: Actor) -> [OrganisationCode] {
        var codes: [OrganisationCode] = []
        for code in value.subtasks.map(\.departmentCode) where !codes.contains(code) {
            if let subtask = value.subtasks.last(where: { $0.departmentCode == code }), subtask.arrivedAt != nil, mayRate(subtask, actor) {
                codes.append(code)
            }
        }
        return codes
    }
}
