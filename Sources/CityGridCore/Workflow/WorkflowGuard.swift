/// A condition an action checks before it runs, named in the workflow definition file. The
/// vocabulary is code; which action checks which guard is data.
public enum WorkflowGuard: String, Codable, Sendable, CaseIterable {
    /// The command carries a non-empty note (a reason, an opinion, a reply).
    case reason
    /// The command carries a positive number of hours (an extension).
    case hours
    /// The command carries evidence: at least one photo or link, or a note describing the work.
    case evidence
    /// The command names one or more bodies that exist (whistle and report).
    case departments
    /// The command names the open case to merge into: same category, not itself.
    case parent
    /// The command carries a satisfaction answer (satisfied, basically satisfied, dissatisfied).
    case satisfaction
    /// The case closed no longer ago than the definition's reopen window.
    case reopenWindow = "reopen_window"
    /// Every summoned body has finished its sub-task.
    case subtasksDone = "subtasks_done"
    /// The actor's body has a sub-task on the case that is not finished.
    case ownSubtaskOpen = "own_subtask_open"
    /// The command rates a summoned body's sub-task from 1 to 5.
    case rating
    /// The actor reported the case (for citizens' return visits and reopening).
    case reporterOnlyForCitizens = "reporter_only_for_citizens"
    /// The return visit has not been recorded yet (one answer per case).
    case notVisited = "not_visited"
    /// The case has not been reopened yet (one reopening per closed case).
    case notReopened = "not_reopened"
}

extension WorkflowGuard {
    /// The inputs of the command this guard reads (empty for a guard on the case, the actor or the time alone).
    public var inputs: [WorkflowInput] {
        switch self {
        case .reason: [.note]
        case .hours: [.hours]
        case .evidence: [.evidence]
        case .departments: [.departments]
        case .parent: [.parentCase]
        case .satisfaction: [.satisfaction]
        case .rating: [.department, .rating]
        case .reopenWindow, .subtasksDone, .ownSubtaskOpen, .reporterOnlyForCitizens, .notVisited, .notReopened: []
        }
    }
}
