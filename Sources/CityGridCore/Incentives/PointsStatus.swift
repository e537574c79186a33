/// Where a ledger entry stands (积分状态): paid (counted in the balance), held for review by an
/// anti-gaming rule (not counted), and, once reviewed, released (a `review_release` entry pays it)
/// or voided (never paid). Only `paid` entries count in a balance.
public enum PointsStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case paid
    case held
    case released
    case voided

    public var label: LocalizedText {
        switch self {
        case .paid: LocalizedText(zh: "已入账", en: "Paid")
        case .held: LocalizedText(zh: "待审核", en: "Held for review")
        case .released: LocalizedText(zh: "已放行", en: "Released")
        case .voided: LocalizedText(zh: "已作废", en: "Voided")
        }
    }
}
