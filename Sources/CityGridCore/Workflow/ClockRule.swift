import Foundation

/// The rule of the clock's alerts: which alert a case needs at a moment, and who raises it.
public enum ClockRule {
    /// CityGrid itself, as the actor of the clock's steps.
    public static let system = Actor.system

    /// The alert `value` needs at `now`, if any: a stage past its deadline is escalated (even when it
    /// was never warned), or, when `definition` gives the stage an overdue action (a claim that
    /// lapsed), that action is taken instead; one past its warning point (80 % of its limit) is
    /// warned. Nothing while suspended, without a stage, or once raised.
    public static func alert(for value: Case, at now: Date, in definition: WorkflowDefinition? = nil) -> WorkflowAction? {
        guard value.suspendedSince == nil, let warnAt = value.warnAt, let due = value.stageDeadlineAt else { return nil }
        if now > due, let stage = definition?.states[value.state]?.stage, let overdue = definition?.stages[stage]?.overdueAction { return overdue }
        if now > due, value.alertLevel < .escalated { return .escalate }
        if now >= warnAt, value.alertLevel < .warned { return .warn }
        return nil
    }

    /// When the clock should next look at `value`: at its warning point, then just past (one second
    /// after) the stage's deadline; never while suspended, without a stage, or once escalated. The
    /// store keeps it on the case so a scan reads only the cases due.
    public static func nextLook(at value: Case) -> Date? {
        guard value.suspendedSince == nil, let warn = value.warnAt, let due = value.stageDeadlineAt else { return nil }
        switch value.alertLevel {
        case .none: return warn
        case .warned: return due.addingTimeInterval(1)
        case .escalated: return nil
        }
    }
}
