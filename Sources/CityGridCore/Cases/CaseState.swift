/// Where a case stands in the closed loop (闭环).
public enum CaseState: String, Codable, Sendable, CaseIterable {
    /// Reported, waiting for intake (待受理).
    case reported
    /// Accepted by intake, waiting to be filed (已受理, 待立案).
    case accepted
    /// Filed as a case (已立案, 待派遣).
    case filed
    /// Sent to the responsible body (已派遣, 处置中).
    case dispatched
    /// The body reports it disposed (已处置, 待核查).
    case disposed
    /// Checked on site and found fixed (核查通过, 待结案).
    case checked
    /// Closed (已结案).
    case closed

    public var label: LocalizedText {
        switch self {
        case .reported: LocalizedText(zh: "待受理", en: "Reported")
        case .accepted: LocalizedText(zh: "待立案", en: "Accepted")
        case .filed: LocalizedText(zh: "待派遣", en: "Filed")
        case .dispatched: LocalizedText(zh: "处置中", en: "Dispatched")
        case .disposed: LocalizedText(zh: "待核查", en: "Disposed")
        case .checked: LocalizedText(zh: "待结案", en: "Checked")
        case .closed: LocalizedText(zh: "已结案", en: "Closed")
        }
    }

    /// True for every state but the terminal ones.
    public var isOpen: Bool { self != .closed }
}
