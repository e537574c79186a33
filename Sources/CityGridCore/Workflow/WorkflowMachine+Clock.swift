import Foundation

/// The clocks (计时): a deadline per stage and for the whole case, in working time on the city's
/// calendar; the point at which 80 % of a stage's limit is used (green turns yellow); suspended time
/// excluded; approved extensions applied.
extension WorkflowMachine {
    /// The limit of a stage for a case of `category`.
    func limit(of stage: WorkflowDefinition.Stage, category: CategoryCode) -> TimeLimit? {
        switch stage.limit {
        case .fixed(let limit): limit
        case .category: environment.catalogue[category]?.timeLimit
        }
    }

    /// Starts the clocks of a new case: its first stage and the whole case's deadline, the sum of the
    /// definition's case-limit stages in working time.
    public func startClocks(of value: inout Case, at: Date) {
        var total: Int64 = 0
        for name in definition.caseLimitStages {
            if let stage = definition.stages[name], let limit = limit(of: stage, category: value.category) {
                total += environment.calendar.seconds(of: limit)
            }
        }
        value.caseDeadlineAt = environment.calendar.adding(workingSeconds: total, to: at)
        enterStage(of: &value, at: at)
    }

    /// True for a stage whose limit is the category's: it runs to the case's disposal deadline.
    func isDisposalStage(_ name: String?) -> Bool {
        guard let name, let stage = definition.stages[name], case .category = stage.limit else { return false }
        return true
    }

    /// The clock unit of the case's current stage (working hours when it has none).
    func stageLimitUnit(of value: Case) -> TimeLimit.Unit {
        guard let name = value.stage, let stage = definition.stages[name] else { return .workingHours }
        return limit(of: stage, category: value.category)?.unit ?? .workingHours
    }

    /// Enters the stage of the case's (new) state: a new stage starts its clock; the same stage keeps
    /// it; a state without a stage stops it.
    func enterStage(of value: inout Case, at: Date) {
        let stageName = definition.states[value.state]?.stage
        guard stageName != value.stage else { return }
        value.stage = stageName
        // A new stage starts without alerts, but the disposal deadline keeps the ones raised against
        // it (a case back from a failed check is not escalated twice for one deadline).
        value.alertLevel = isDisposalStage(stageName) && value.deadlineAt != nil ? value.disposalAlertLevel : .none
        guard let stageName, let stage = definition.stages[stageName], let limit = limit(of: stage, category: value.category) else {
            value.stageStartedAt = nil
            value.stageDeadlineAt = nil
            value.warnAt = nil
            return
        }
        value.stageStartedAt = at
        let calendar = environment.calendar
        if case .category = stage.limit, let deadline = value.deadlineAt {
            // Disposal runs to the case's disposal deadline, which only extensions and suspensions move.
            value.stageDeadlineAt = deadline
        } else {
            value.stageDeadlineAt = calendar.deadline(from: at, limit: limit)
        }
        value.warnAt = calendar.shift(value.stageDeadlineAt!, by: -calendar.seconds(of: limit) / 5, unit: limit.unit)
    }

    /// Moves the disposal deadline, the stage's deadline and warning point, and the case's deadline.
    ///
    /// An extension (`workingFrom` nil) gives `seconds` more on each deadline's own clock. A
    /// suspension (`workingFrom` its start) gives back the time spent suspended on each clock: the
    /// `seconds` of plain time for a limit in calendar hours, the working time between `workingFrom`
    /// and `at` for the others (the whole case's deadline is always in working time).
    func shiftDeadlines(of value: inout Case, bySeconds seconds: Int64, workingFrom: Date?, at: Date) {
        guard seconds > 0 else { return }
        let calendar = environment.calendar
        let working = workingFrom.map { calendar.workingSeconds(from: $0, to: at) } ?? seconds
        let unit = stageLimitUnit(of: value)
        let stageSeconds = unit == .calendarHours ? seconds : working
        value.caseDeadlineAt = value.caseDeadlineAt.map { calendar.adding(workingSeconds: working, to: $0) }
        value.stageDeadlineAt = value.stageDeadlineAt.map { calendar.shift($0, by: stageSeconds, unit: unit) }
        value.warnAt = value.warnAt.map { calendar.shift($0, by: stageSeconds, unit: unit) }
        let disposalUnit = environment.catalogue[value.category]?.timeLimit.unit ?? .workingHours
        value.deadlineAt = value.deadlineAt.map { calendar.shift($0, by: disposalUnit == .calendarHours ? seconds : working, unit: disposalUnit) }
        // A stage given more time may be green or yellow again: its alerts can be raised anew.
        if let warnAt = value.warnAt, at < warnAt { value.alertLevel = .none } else if let due = value.stageDeadlineAt, at <= due {
            value.alertLevel = min(value.alertLevel, .warned)
        }
        value.disposalAlertLevel = isDisposalStage(value.stage) ? value.alertLevel : .none
    }
}
