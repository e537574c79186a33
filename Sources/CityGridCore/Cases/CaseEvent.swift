import Foundation

/// One entry of a case's append-only event log (案件流转记录): who did what, when, and how the state moved.
public struct CaseEvent: Hashable, Codable, Sendable {
    public var caseID: CaseID
    /// 1 for the report, then one more for each step.
    public var sequence: Int
    /// The user who took the step; `nil` for the system and for an anonymous reporter (stored as 0).
    public var actorID: UserID?
    public var role: Role
    public var action: WorkflowAction
    public var at: Date
    /// The state before the step (`nil` for the report that created the case).
    public var fromState: CaseState?
    public var toState: CaseState
    public var note: String
    /// Photos or documents: links to evidence of disposal, of a check or of a sub-task.
    public var attachments: [String]

    public init(caseID: CaseID, sequence: Int, actorID: UserID?, role: Role, action: WorkflowAction, at: Date,
                fromState: CaseState?, toState: CaseState, note: String, attachments: [String] = []) {
        self.caseID = caseID
        self.sequence = sequence
        self.actorID = actorID
        self.role = role
        self.action = action
        self.at = at
        self.fromState = fromState
        self.toState = toState
        self.note = note
        self.attachments = attachments
    }
}
