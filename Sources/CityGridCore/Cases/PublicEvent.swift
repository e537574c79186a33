import Foundation

/// One entry of a case's public timeline (公开进度): what the public may know of a step, never who
/// took it or the note they wrote, except the body's published reply.
public struct PublicEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case received, accepted, notAccepted = "not_accepted", dispatched, extended, onHold = "on_hold", resumed, fixed, checked
        case reworked, closed, merged, unmerged, reply, visited, reopened, update, status
    }

    public var at: Date
    public var kind: Kind
    public var summary: LocalizedText
    /// The published reply's text (only for ``Kind/reply``).
    public var text: String?
    /// Photos published with the reply: `media:` references.
    public var media: [String]

    public init(at: Date, kind: Kind, summary: LocalizedText, text: String? = nil, media: [String] = []) {
        self.at = at
        self.kind = kind
        self.summary = summary
        self.text = text
        self.media = media
    }

    /// The public entry of `event`, or `nil` for a step the public is not told of (supervision,
    /// approvals asked for, the clock's alerts, verification, summons). `body` names an
    /// organisation (the body the case went to after the step: `departmentAfter`). A step of a city's own action that moves the case shows
    /// its new state's label.
    public static func of(_ event: CaseEvent, in definition: WorkflowDefinition,
                          body: (OrganisationCode?) -> LocalizedText?, departmentAfter: OrganisationCode?) -> PublicEvent? {
        func entry(_ kind: Kind, _ zh: String, _ en: String) -> PublicEvent { PublicEvent(at: event.at, kind: kind, summary: LocalizedText(zh: zh, en: en)) }
        switch event.action {
        case .report: return entry(.received, "收到上报", "Report received")
        case .accept: return entry(.accepted, "已受理", "Accepted")
        case .file: return entry(.accepted, "已立案", "Filed as a case")
        case .reject: return entry(.notAccepted, "不予受理", "Not accepted as a case")
        case .approveInvalidation: return entry(.notAccepted, "已作废", "Withdrawn")
        case .dispatch:
            let name = body(departmentAfter)
            return entry(.dispatched, "已派至\(name?.zh ?? "处置单位")", "Sent to \(name?.en ?? "the responsible body")")
        case .approveExtension: return entry(.extended, "处置期限已延长", "Time limit extended")
        case .approveSuspension: return entry(.onHold, "暂缓处置", "On hold")
        case .resume: return entry(.resumed, "恢复处置", "Work resumed")
        case .dispose: return entry(.fixed, "处置完成，待现场核查", "Fixed, awaiting the on-site check")
        case .selfHandle: return entry(.fixed, "网格监督员已当场处置", "Fixed on the spot by the grid inspector")
        case .check: return entry(.checked, "现场核查通过", "Checked on site")
        case .checkFail: return entry(.reworked, "核查未通过，返工处置", "Check failed: sent back for more work")
        case .close, .approveSelfHandling: return entry(.closed, "已结案", "Closed")
        case .merge: return entry(.merged, "与同一问题的案件合并", "Merged with a report of the same problem")
        case .unmerge: return entry(.unmerged, "撤销合并", "No longer merged")
        case .visit: return entry(.visited, "已回访", "Return visit made")
        case .reopen: return entry(.reopened, "市民反映未解决，已重新上报", "Reported as not fixed: reopened")
        case .publicUpdate: return entry(.update, "市民补充了情况", "The public added information")
        case .publishReply:
            return PublicEvent(at: event.at, kind: .reply, summary: LocalizedText(zh: "处置单位答复", en: "Reply from the responsible body"),
                               text: event.note, media: event.attachments.filter { $0.hasPrefix(MediaReference.prefix) })
        default:
            guard event.fromState != event.toState, definition.actions[event.action] != nil,
                  [.supervise, .reply, .replyCentre, .askVerify, .verify, .summon, .arrive, .completeSubtask, .rateSubtask,
                   .requestExtension, .refuseExtension, .requestReturn, .approveReturn, .refuseReturn, .requestSuspension,
                   .refuseSuspension, .requestInvalidation, .refuseInvalidation, .sendBack, .refuseSelfHandling,
                   .publishDescription, .warn, .escalate].contains(event.action) == false else { return nil }
            let status = PublicStatus.of(event.toState, in: definition)
            return PublicEvent(at: event.at, kind: .status, summary: status.label)
        }
    }
}
