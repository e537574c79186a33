import Foundation

extension WorkflowMachine {
    /// Checks one guard; a failed guard is a 400 naming the command's field, or a 409 when the case's
    /// own state (its sub-tasks, its closing date) is what stands in the way.
    func check(_ rule: WorkflowGuard, _ command: WorkflowCommand, _ current: Case, _ actor: Actor, _ at: Date) throws(DomainError) {
        switch rule {
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
                guard let organisation = environment.organisations[code], organisation.kind.disposes, organisation.serves(current.chain.grid) else {
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
        case .reopenWindow:
            guard let closedAt = current.closedAt,
                  at.timeIntervalSince(closedAt) <= Double(definition.reopenWindowDays) * 86_400 else {
                throw DomainError(.conflict, code: "reopen_window_passed", field: "action",
                                  zh: "结案已超过\(definition.reopenWindowDays)天，请重新上报", en: "The case closed more than \(definition.reopenWindowDays) days ago: report it anew")
            }
        case .subtasksDone:
            let open = current.subtasks.filter { !$0.isDone }.map(\.departmentCode)
            guard open.isEmpty else {
                throw DomainError(.conflict, code: "subtasks_open", field: "action",
                                  zh: "还有被召集单位未完成：\(open.joined(separator: "、"))", en: "Summoned bodies have not finished: \(open.joined(separator: ", "))")
            }
        case .ownSubtaskOpen:
            guard current.subtasks.contains(where: { $0.departmentCode == actor.organisationCode && !$0.isDone }) else {
                throw DomainError(.conflict, code: "no_open_subtask", field: "action",
                                  zh: "您的单位在本案没有未完成的子任务", en: "Your organisation has no unfinished sub-task on this case")
            }
        case .rating:
            guard let rating = command.rating, (1...5).contains(rating) else {
                throw .invalidField("rating", zh: "评分须为1到5", en: "rating must be 1 to 5")
            }
            guard let department = command.departmentCode,
                  let subtask = current.subtasks.last(where: { $0.departmentCode == department }) else {
                throw .invalidField("department_code", zh: "须指明被召集的单位", en: "department_code must name a summoned body")
            }
            guard subtask.summonedBy == nil || subtask.summonedBy == actor.userID || subtask.summonerOrganisation.map({ $0 == actor.organisationCode }) == true else {
                throw DomainError(.forbidden, code: "not_summoner", zh: "只有吹哨方可以评价", en: "Only the summoning side rates the response")
            }
            guard subtask.arrivedAt != nil else {
                throw DomainError(.conflict, code: "not_arrived", field: "department_code", zh: "该单位尚未报到", en: "That body has not arrived yet")
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
            if actor.role == .citizen, current.reporterID != actor.userID {
                throw DomainError(.forbidden, code: "not_reporter", zh: "只有上报人可以这样做", en: "Only the reporter may do this")
            }
        }
    }
}
