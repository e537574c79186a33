import CityGridGeometry
import Foundation

/// A case (案件): one problem in public space, from report to closure.
///
/// A case is a value: the workflow machine takes one and an action and returns the next one with the
/// event that records the step. ``version`` grows by one at every step; the store refuses to write a
/// step computed from a stale version, so two concurrent steps never both succeed.
public struct Case: Hashable, Codable, Sendable, Identifiable {
    public var id: CaseID
    /// The case number, e.g. `E010220261129000007`.
    public var number: String
    public var category: CategoryCode
    public var source: CaseSource
    public var location: GeoPoint
    public var chain: GridChain
    public var description: String
    /// The user who reported it; `nil` for an anonymous report and for system channels (stored as 0).
    public var reporterID: UserID?
    /// A registered component the report is about, if any.
    public var componentID: String?
    public var state: CaseState
    /// The body the case is dispatched to.
    public var departmentCode: OrganisationCode?
    public var reportedAt: Date
    public var acceptedAt: Date?
    public var filedAt: Date?
    public var dispatchedAt: Date?
    public var disposedAt: Date?
    public var checkedAt: Date?
    public var closedAt: Date?
    /// The effective disposal deadline (处置时限), in working time from the dispatch, moved only by
    /// approved extensions and suspensions (and restarted by a dispatch after an approved return).
    public var deadlineAt: Date?
    /// The deadline of the whole case, from the report, over every stage of the main path.
    public var caseDeadlineAt: Date?
    /// The clock stage the case is in (`intake`, `disposal`, …), if one runs.
    public var stage: String?
    public var stageStartedAt: Date?
    /// When the current stage is due.
    public var stageDeadlineAt: Date?
    /// When 80 % of the current stage's limit is used (green turns yellow).
    public var warnAt: Date?
    /// None, warned or escalated: raised once per stage and threshold.
    public var alertLevel: AlertLevel
    /// The alerts raised against the disposal deadline, kept while the case goes to the on-site check
    /// and back (rework): one deadline is warned and escalated once. Reset when the deadline moves.
    public var disposalAlertLevel: AlertLevel
    public var reworkCount: Int
    public var extensionCount: Int
    public var returnCount: Int
    public var supervisionCount: Int
    /// How many times a body was dispatched (more than one: a wrong dispatch, 错误派遣).
    public var dispatchCount: Int
    /// Working seconds of an extension waiting for approval.
    public var pendingExtensionSeconds: Int64?
    /// Calendar seconds spent suspended, in total.
    public var suspendedSeconds: Int64
    public var suspendedSince: Date?
    /// The case this one is merged into, as a duplicate.
    public var parentCaseID: CaseID?
    public var stateBeforeMerge: CaseState?
    /// An open case of the same category nearby, flagged at intake.
    public var likelyDuplicateOf: CaseID?
    /// The closed case this one reopens ("not fixed").
    public var reopenedFromID: CaseID?
    public var reopenCount: Int
    public var verified: Bool
    public var selfHandled: Bool
    /// The return visit: solved or not, and how satisfied the reporter is.
    public var solved: Bool?
    public var satisfaction: Satisfaction?
    public var subtasks: [Subtask]
    /// Who left each clock stage, when, and against which deadline.
    public var stageLog: StageLog
    public var version: Int
    /// When the case last changed by a step (the report, then every workflow step, the clock's
    /// warnings included): the `updated_datetime` that outside systems poll for.
    public var updatedAt: Date

    public var kind: CaseKind { category.kind }

    public init(id: CaseID, number: String, category: CategoryCode, source: CaseSource, location: GeoPoint, chain: GridChain,
                description: String, reporterID: UserID?, componentID: String? = nil, reportedAt: Date, state: CaseState = .reported) {
        self.id = id
        self.number = number
        self.category = category
        self.source = source
        self.location = location
        self.chain = chain
        self.description = description
        self.reporterID = reporterID
        self.componentID = componentID
        self.state = state
        self.reportedAt = reportedAt
        self.updatedAt = reportedAt
        self.alertLevel = .none
        self.disposalAlertLevel = .none
        self.reworkCount = 0
        self.extensionCount = 0
        self.returnCount = 0
        self.supervisionCount = 0
        self.dispatchCount = 0
        self.suspendedSeconds = 0
        self.reopenCount = 0
        self.verified = false
        self.selfHandled = false
        self.subtasks = []
        self.stageLog = StageLog()
        self.version = 1
    }

    /// True when disposed by the deadline, `nil` while not disposed or without a deadline.
    public var disposedOnTime: Bool? {
        guard let disposedAt, let deadlineAt else { return nil }
        return disposedAt <= deadlineAt
    }

    /// The traffic light (红黄绿灯) of the current stage at `now`.
    public func light(at now: Date) -> TrafficLight {
        guard let stageDeadlineAt, let warnAt else { return .none }
        if suspendedSince != nil { return .paused }
        if now > stageDeadlineAt { return .red }
        return now >= warnAt ? .yellow : .green
    }
}

/// How much of the current stage's time limit is used: green up to 80 %, yellow up to 100 %, red
/// overdue; paused while suspended; none where no clock runs.
public enum TrafficLight: String, Codable, Sendable {
    case green, yellow, red, paused, none
}
