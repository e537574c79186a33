import Foundation

extension WorkflowMachine {
    /// Runs one effect on `next` (the case being built), given the case as it was (`current`).
    func apply(_ effect: WorkflowEffect, of action: WorkflowDefinition.Action, _ command: WorkflowCommand, _ current: Case, _ next: inout Case,
               _ followUps: inout [StepOutcome.FollowUp], _ note: inout String, _ actor: Actor, _ at: Date) throws(DomainError) {
        switch effect {
        case .stampAccepted: next.acceptedAt = at
        case .stampFiled: next.filedAt = at
        case .stampDisposed: next.disposedAt = at
        case .stampChecked: next.checkedAt = at
        case .stampClosed:
            next.closedAt = at
            // The reporter hears that their own case is closed (anonymous and system reports have none).
            if let notice = closedNotice(current) { followUps.append(notice) }
        case .markVerified: next.verified = true
        case .markSelfHandled: next.selfHandled = true
        case .countRework: next.reworkCount += 1
        case .countReturn: next.returnCount += 1
        case .countSupervision: next.supervisionCount += 1
        case .clearDepartment: next.departmentCode = nil
        case .assignClaimant:
            guard let entry = environment.catalogue[current.category] else { throw unknownCategory(current) }
            next.departmentCode = actor.organisationCode
            if current.deadlineAt == nil {
                next.deadlineAt = environment.calendar.deadline(from: at, limit: entry.timeLimit)
                next.disposalAlertLevel = .none
            }
        case .dropClaim:
            next.departmentCode = nil
            next.deadlineAt = nil
            next.disposalAlertLevel = .none
        case .assignDepartment:
            try assignDepartment(command, current, &next, &note, at)
        case .holdExtension:
            let hours = command.hours.flatMap { $0.isNaN ? nil : $0 } ?? 0
            next.pendingExtensionSeconds = Int64((min(max(hours, 0), 2000) * 3600).rounded())
        case .applyExtension:
            let seconds = current.pendingExtensionSeconds ?? 0
            next.pendingExtensionSeconds = nil
            next.extensionCount += 1
            shiftDeadlines(of: &next, bySeconds: seconds, workingFrom: nil, at: at)
        case .dropExtension:
            next.pendingExtensionSeconds = nil
        case .startSuspension:
            next.suspendedSince = at
        case .endSuspension:
            guard let since = current.suspendedSince else { return }
            next.suspendedSince = nil
            next.suspendedSeconds += Int64(at.timeIntervalSince(since))
            shiftDeadlines(of: &next, bySeconds: Int64(at.timeIntervalSince(since)), workingFrom: since, at: at)
        case .createSubtasks:
            guard let entry = environment.catalogue[current.category] else { throw unknownCategory(current) }
            for code in command.departmentCodes where !next.subtasks.contains(where: { $0.departmentCode == code && !$0.isDone }) {
                var subtask = Subtask(departmentCode: code, summonedAt: at,
                                      arrivalDeadline: at.addingTimeInterval(Double(definition.arrivalMinutes) * 60),
                                      disposalDeadline: environment.calendar.deadline(from: at, limit: entry.timeLimit))
                subtask.summonedBy = actor.principal
                subtask.summonerOrganisation = actor.organisationCode
                next.subtasks.append(subtask)
            }
        case .subtaskArrived:
            if let i = next.subtasks.firstIndex(where: { $0.departmentCode == actor.organisationCode && !$0.isDone }) {
                next.subtasks[i].arrivedAt = next.subtasks[i].arrivedAt ?? at
            }
        case .subtaskDone:
            if let i = next.subtasks.firstIndex(where: { $0.departmentCode == actor.organisationCode && !$0.isDone }) {
                next.subtasks[i].arrivedAt = next.subtasks[i].arrivedAt ?? at
                next.subtasks[i].doneAt = at
            }
        case .subtaskRated:
            if let i = next.subtasks.lastIndex(where: { $0.departmentCode == command.departmentCode }) {
                next.subtasks[i].rating = command.rating
            }
        case .parkMerged:
            guard let parent = command.parentCaseID else { return }
            next.parentCaseID = parent
            next.stateBeforeMerge = current.state
            followUps.append(.requireOpenParent(parent, child: current.id, category: current.category,
                                                openStates: definition.clockedStates,
                                                jurisdiction: actor.jurisdiction))
        case .unpark:
            next.parentCaseID = nil
        case .recordVisit:
            next.solved = command.solved
            next.satisfaction = command.satisfaction
            // The answer stays in the log, for the "three rates".
            let answer = "satisfaction=\(command.satisfaction?.rawValue ?? "-"); solved=\(command.solved.map { $0 ? "yes" : "no" } ?? "-")"
            note = note.isEmpty ? answer : answer + "; " + note
        case .spawnReopened:
            next.reopenCount += 1
            followUps.append(.spawn(reopened(current, command, actor, at)))
        case .notifyMerged:
            // The message says how the case the reports were merged into ended.
            let ended: LocalizedText
            switch action.to {
            case .state(.closed): ended = LocalizedText(zh: "已一并处理结案", en: "was handled and closed")
            case .state(let state): ended = LocalizedText(zh: "已办结（\(definition.label(of: state).zh)）", en: "ended (\(definition.label(of: state).en))")
            default: ended = LocalizedText(zh: "已办结", en: "ended")
            }
            followUps.append(.notifyMergedReporters(caseID: current.id, message: LocalizedText(
                zh: "您上报的问题随案件 \(current.number) \(ended.zh)", en: "The problem you reported \(ended.en) with case \(current.number)")))
        case .alertWarn:
            next.alertLevel = max(next.alertLevel, .warned)
            if isDisposalStage(current.stage) { next.disposalAlertLevel = next.alertLevel }
        case .alertEscalate:
            next.alertLevel = .escalated
            if isDisposalStage(current.stage) { next.disposalAlertLevel = .escalated }
            let above = levelAbove(current)
            if note.isEmpty { note = escalationNote(current, above) }
            followUps.append(.notifyLeaders(caseID: current.id, region: above, message: LocalizedText(
                zh: "案件 \(current.number) 已超时，升级由您督办", en: "Case \(current.number) is overdue and escalated to you for supervision")))
        }
    }

    /// The state part of an effect: what the case must allow for the effect to run whatever the
    /// command carries, and the inputs the effect then needs. A dispatch needs a body named when
    /// routing proposes none, and fails when no body disposes cases at the place.
    func checkState(_ effect: WorkflowEffect, _ current: Case) throws(DomainError) -> [WorkflowInput] {
        switch effect {
        case .assignDepartment:
            guard let entry = environment.catalogue[current.category] else { throw unknownCategory(current) }
            if environment.routing.route(entry, grid: current.chain.grid) != nil { return [] }
            guard !bodies(serving: current).isEmpty else { throw noRoute(entry) }
            return [.department]
        case .createSubtasks:
            guard environment.catalogue[current.category] != nil else { throw unknownCategory(current) }
            return []
        default:
            return []
        }
    }

    private func noRoute(_ entry: CatalogueEntry) -> DomainError {
        DomainError(.invalid, code: "no_route", field: "department_code",
                    zh: "没有单位负责“\(entry.name.zh)”：请指定处置单位", en: "No body is responsible for \(entry.name.en) here: name a department")
    }

    /// The notice to the reporter of `value` that it is closed.
    func closedNotice(_ value: Case) -> StepOutcome.FollowUp? {
        guard let reporterID = value.reporterID else { return nil }
        return .notifyReporter(caseID: value.id, reporterID: reporterID, message: LocalizedText(
            zh: "您上报的案件 \(value.number) 已结案", en: "Case \(value.number), which you reported, is closed"))
    }

    private func unknownCategory(_ value: Case) -> DomainError {
        DomainError(.conflict, code: "unknown_category", field: "category",
                    zh: "目录中没有类别 \(value.category)", en: "The catalogue has no category \(value.category)")
    }

    /// Dispatch: the body the dispatcher named (it must dispose cases at this place) or routing's
    /// proposal. The disposal clock starts on a first dispatch and after an approved return.
    private func assignDepartment(_ command: WorkflowCommand, _ current: Case, _ next: inout Case, _ note: inout String, _ at: Date) throws(DomainError) {
        guard let entry = environment.catalogue[current.category] else { throw unknownCategory(current) }
        let department: OrganisationCode
        if let chosen = command.departmentCode {
            guard let organisation = environment.organisations[chosen] else {
                throw DomainError(.invalid, code: "unknown_department", field: "department_code", zh: "没有单位 \(chosen)", en: "No organisation \(chosen)")
            }
            guard canDispose(organisation, current) else {
                throw DomainError(.invalid, code: "department_cannot_dispose", field: "department_code",
                                  zh: "\(organisation.name.zh) 不能处置该位置的案件", en: "\(organisation.name.en) does not dispose cases at this place")
            }
            department = chosen
        } else if let routed = environment.routing.route(entry, grid: current.chain.grid) {
            department = routed
            if note.isEmpty { note = "auto-routed" }
        } else {
            throw noRoute(entry)
        }
        next.departmentCode = department
        next.dispatchedAt = at
        next.dispatchCount += 1
        if current.deadlineAt == nil || current.returnCount > 0 && current.departmentCode == nil {
            next.deadlineAt = environment.calendar.deadline(from: at, limit: entry.timeLimit)
            next.disposalAlertLevel = .none
        }
    }

    /// The new case a reopening creates: same place and category, linked to the closed one.
    private func reopened(_ current: Case, _ command: WorkflowCommand, _ actor: Actor, _ at: Date) -> CaseDraft {
        var value = Case(id: .unassigned, number: "", category: current.category, source: current.source, location: current.location, chain: current.chain,
                         description: "重新上报（未解决）/ Reopened, not fixed: " + (command.note.isEmpty ? current.description : command.note),
                         reporterID: current.reporterID, componentID: current.componentID, reportedAt: at, state: definition.initial)
        value.reopenedFromID = current.id
        startClocks(of: &value, at: at)
        let event = CaseEvent(caseID: .unassigned, sequence: 1, actorID: actor.userID, role: actor.role, action: .report, at: at,
                              fromState: nil, toState: value.state, note: "reopens \(current.number)")
        return CaseDraft(value: value, numberPrefix: CaseNumber.prefix(category: current.category, localDay: environment.calendar.localDate(of: at)),
                         events: [event])
    }

    /// "Supervised by the level above": the district of the case for a local body, the centre's
    /// leadership for a city-wide one.
    /// The level above whoever holds the case: the district's leaders for a district's own body, the
    /// city's (`nil`) for a city-wide body or for the command centre (a case not yet dispatched).
    func levelAbove(_ value: Case) -> RegionCode? {
        guard let code = value.departmentCode, let organisation = environment.organisations[code], organisation.jurisdiction != nil else { return nil }
        return value.chain.district
    }

    private func escalationNote(_ value: Case, _ above: RegionCode?) -> String {
        let overdue = value.stage.map { "stage \($0) overdue" } ?? "overdue"
        guard let above else { return "\(overdue); supervised by the city's leaders" }
        return "\(overdue); supervised by the leaders of district \(above)"
    }
}
