/// How far the clock has alerted against a stage's deadline (超时预警): nothing yet, warned at 80 %
/// of the limit, escalated once overdue. Raised once per stage and threshold, never lowered but by a
/// moved deadline. Stored as its ``rawValue`` (0, 1, 2), a stable code.
public enum AlertLevel: Int, Codable, Sendable, Comparable, CaseIterable {
    case none = 0
    case warned = 1
    case escalated = 2

    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var label: LocalizedText {
        switch self {
        case .none: LocalizedText(zh: "未预警", en: "No alert")
        case .warned: LocalizedText(zh: "已预警", en: "Warned")
        case .escalated: LocalizedText(zh: "已升级督办", en: "Escalated")
        }
    }
}
