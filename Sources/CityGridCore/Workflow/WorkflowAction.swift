/// A step that someone (or the system's clock) takes on a case.
///
/// Actions are data, named by the workflow definition; the constants below are those of the shipped
/// definition that code refers to by name.
public struct WorkflowAction: StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// 上报: a report arrives and the case is created.
    public static let report: WorkflowAction = "report"
    public static let askVerify: WorkflowAction = "ask_verify"
    public static let verify: WorkflowAction = "verify"
    public static let accept: WorkflowAction = "accept"
    public static let reject: WorkflowAction = "reject"
    public static let file: WorkflowAction = "file"
    public static let sendBack: WorkflowAction = "send_back"
    public static let dispatch: WorkflowAction = "dispatch"
    public static let requestInvalidation: WorkflowAction = "request_invalidation"
    public static let approveInvalidation: WorkflowAction = "approve_invalidation"
    public static let refuseInvalidation: WorkflowAction = "refuse_invalidation"
    public static let requestExtension: WorkflowAction = "request_extension"
    public static let approveExtension: WorkflowAction = "approve_extension"
    public static let refuseExtension: WorkflowAction = "refuse_extension"
    public static let requestReturn: WorkflowAction = "request_return"
    public static let approveReturn: WorkflowAction = "approve_return"
    public static let refuseReturn: WorkflowAction = "refuse_return"
    public static let requestSuspension: WorkflowAction = "request_suspension"
    public static let approveSuspension: WorkflowAction = "approve_suspension"
    public static let refuseSuspension: WorkflowAction = "refuse_suspension"
    public static let resume: WorkflowAction = "resume"
    public static let dispose: WorkflowAction = "dispose"
    /// 核查通过: the on-site check finds the problem fixed.
    public static let check: WorkflowAction = "check"
    /// 核查不通过: the check fails and the case goes back to the body as rework (返工).
    public static let checkFail: WorkflowAction = "check_fail"
    public static let close: WorkflowAction = "close"
    public static let selfHandle: WorkflowAction = "self_handle"
    public static let approveSelfHandling: WorkflowAction = "approve_self_handling"
    public static let refuseSelfHandling: WorkflowAction = "refuse_self_handling"
    /// 督办: a formal urge with an opinion.
    public static let supervise: WorkflowAction = "supervise"
    public static let reply: WorkflowAction = "reply"
    /// The centre's reply to a supervision of a case not yet with a department.
    public static let replyCentre: WorkflowAction = "reply_centre"
    /// 吹哨: summon several bodies to one case.
    public static let summon: WorkflowAction = "summon"
    /// 报到: a summoned body arrives on site.
    public static let arrive: WorkflowAction = "arrive"
    public static let completeSubtask: WorkflowAction = "complete_subtask"
    public static let rateSubtask: WorkflowAction = "rate_subtask"
    public static let merge: WorkflowAction = "merge"
    /// 公开答复: the body's reply to the public, with the photos it chooses to publish (the only free
    /// text of a case the public sees besides a published description).
    public static let publishReply: WorkflowAction = "publish_reply"
    /// 公开市民描述: staff approve the reporter's own description for publication.
    public static let publishDescription: WorkflowAction = "publish_description"
    /// 市民补充: a member of the public adds to a case (an Open311 client's service request update);
    /// staff read it in the log, the public only that it happened.
    public static let publicUpdate: WorkflowAction = "public_update"
    /// 认领: an NGO or volunteer team takes a claimable filed case from the pool.
    public static let claim: WorkflowAction = "claim"
    /// The claimant gives the task back to the pool, with a reason.
    public static let giveUpClaim: WorkflowAction = "give_up_claim"
    /// The claimant reports the claimed task done, with evidence; an inspector checks it like any disposal.
    public static let disposeClaimed: WorkflowAction = "dispose_claimed"
    /// CityGrid gives a claim not acted on in time back to the pool (the claim stage's overdue action).
    public static let releaseClaim: WorkflowAction = "release_claim"
    public static let unmerge: WorkflowAction = "unmerge"
    /// 回访: the return visit records whether it is solved and how satisfied the reporter is.
    public static let visit: WorkflowAction = "visit"
    /// The reporter says "not fixed" within the window after closure: a new, linked case.
    public static let reopen: WorkflowAction = "reopen"
    /// The clock: 80 % of a stage's limit is used.
    public static let warn: WorkflowAction = "warn"
    /// The clock: a stage is overdue; the level above supervises.
    public static let escalate: WorkflowAction = "escalate"

    public var description: String { rawValue }
    public static func < (lhs: WorkflowAction, rhs: WorkflowAction) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(codedString: String) {
        guard !codedString.isEmpty else { return nil }
        self.rawValue = codedString
    }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "an action name"
}
