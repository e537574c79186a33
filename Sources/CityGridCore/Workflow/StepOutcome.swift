/// What one workflow step produces: the next case, its log entry, and follow-ups that the store
/// carries out in the same transaction.
public struct StepOutcome: Sendable {
    /// Work the step asks of the store, beyond writing the case and its event.
    public enum FollowUp: Hashable, Sendable {
        /// Tell the reporters of the cases merged into this one that it is closed.
        case notifyMergedReporters(caseID: CaseID, message: LocalizedText)
        /// Tell the user who reported the case (`reporterID`) that it is closed.
        case notifyReporter(caseID: CaseID, reporterID: UserID, message: LocalizedText)
        /// Tell the leaders of `region` (the city's when `nil`) that the case is escalated to them.
        case notifyLeaders(caseID: CaseID, region: RegionCode?, message: LocalizedText)
        /// Write a new case (a reopening), linked to this one.
        case spawn(CaseDraft)
        /// Check, inside the transaction, that the case to merge into exists, lies in the actor's
        /// `jurisdiction`, is of the same category, is in one of `openStates` and is not itself
        /// merged; and that the `child` being merged has no duplicates of its own.
        case requireOpenParent(CaseID, child: CaseID, category: CategoryCode, openStates: Set<CaseState>, jurisdiction: RegionCode?)
    }

    public var next: Case
    public var event: CaseEvent
    public var followUps: [FollowUp]

    public init(next: Case, event: CaseEvent, followUps: [FollowUp] = []) {
        self.next = next
        self.event = event
        self.followUps = followUps
    }
}
