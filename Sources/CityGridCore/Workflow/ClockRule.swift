import Foundation

/// The rule of the clock's alerts: which alert a case needs at a moment, and who raises it.
public enum ClockRule {
    /// CityGrid itself, as the actor of the clock's steps.
    public static let system = Actor(userID: 0, role: .system)

    /// The alert `value` needs at `now`, if any: a stage past its deadline is escalated (even when it
    /// was never warned), one past its warning point (80 % of its limit) is warned. Nothing while
    /// suspended, without a stage, or once raised.
    public static func alert(for value: Case, at now: Date) -> WorkflowAction? {
        guard value.suspendedSince == nil, let warnAt = value.warnAt, let due = value.stageDeadlineAt else { return nil }
        if now > due, value.alertLevel < .escalated { return .escalate }
        if now >= warnAt, value.alertLevel < .warned { return .warn }
        return nil
    }
}
