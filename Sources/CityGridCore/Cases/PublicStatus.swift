/// A case's status as the public sees it (公开状态): coarser than the workflow's states, the same
/// for every city's workflow, and either open or closed for Open311.
public enum PublicStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Received, not yet accepted (受理中).
    case received
    /// Accepted and being sent to the body that fixes it (已受理).
    case accepted
    /// With the responsible body (处置中).
    case inProgress = "in_progress"
    /// Fixed, waiting for the on-site check or the closing (已处置待核查).
    case fixed
    /// Closed after the check (已结案).
    case closed
    /// Not a case, or withdrawn (不予受理).
    case notAccepted = "not_accepted"
    /// The same problem as another case, followed there (已合并).
    case merged

    /// Open311's two values: closed for the three ends, open otherwise.
    public var isOpen: Bool { !(self == .closed || self == .notAccepted || self == .merged) }

    public var label: LocalizedText {
        switch self {
        case .received: LocalizedText(zh: "已收到", en: "Received")
        case .accepted: LocalizedText(zh: "已受理", en: "Accepted")
        case .inProgress: LocalizedText(zh: "处置中", en: "Being fixed")
        case .fixed: LocalizedText(zh: "已处置，待核查", en: "Fixed, awaiting the check")
        case .closed: LocalizedText(zh: "已结案", en: "Closed")
        case .notAccepted: LocalizedText(zh: "不予受理", en: "Not accepted")
        case .merged: LocalizedText(zh: "已合并", en: "Merged")
        }
    }

    /// The public status of `state` under `definition`, read from the state's clock stage (so that a
    /// city's own state with a standard stage maps without a rule of its own): intake and
    /// verification are received; filing, dispatch and approvals accepted; disposal in progress;
    /// check, closing and review fixed. A terminal state is closed when it is reached by the
    /// definition's closing path (named `closed`), not accepted otherwise; a parked state is merged.
    public static func of(_ state: CaseState, in definition: WorkflowDefinition) -> PublicStatus {
        guard let s = definition.states[state] else { return .received }
        if s.terminal { return state == .closed ? .closed : .notAccepted }
        guard let stage = s.stage else { return .merged }
        switch stage {
        case "intake", "verification": return .received
        case "filing", "dispatch", "approval": return .accepted
        case "check", "closing", "review": return .fixed
        default: return .inProgress
        }
    }
}
