/// Why points were written to an account (积分事由): a typed string code, stored and exported as
/// its text. Rules (``PointsRules``) give the awards and deductions their points; `redemption` and
/// `review_release` are written by the ledger itself.
public struct PointsReason: RawRepresentable, StringCoded, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// A reason code: 1 to 40 lowercase letters, digits and `_`, starting with a letter.
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (1...40).contains(bytes.count), (97...122).contains(bytes[0]),
              bytes.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }) else { return nil }
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        guard let parsed = PointsReason(rawValue: value) else { preconditionFailure("not a points reason: \(value)") }
        self = parsed
    }

    /// The reporter of a case that reached the filed state (上报立案).
    public static let reportFiled: PointsReason = "report_filed"
    /// The first report of a problem: a case filed with no duplicate, or the parent of merged duplicates (首报).
    public static let firstReport: PointsReason = "first_report"
    /// The fix of a claimed task, confirmed by the check (认领处置核查通过).
    public static let claimedFixConfirmed: PointsReason = "claimed_fix_confirmed"
    /// A suggestion the responsible body adopted (建议被采纳).
    public static let suggestionAdopted: PointsReason = "suggestion_adopted"
    /// A report rejected as not a case (无效上报, a deduction).
    public static let invalidReport: PointsReason = "invalid_report"
    /// A report rejected as spam or malicious (恶意上报, a deduction).
    public static let spamReport: PointsReason = "spam_report"
    /// Points spent on a reward (兑换).
    public static let redemption: PointsReason = "redemption"
    /// Held points released by a reviewer (审核放行).
    public static let reviewRelease: PointsReason = "review_release"

    /// The reasons a rule file may give points to.
    public static let ruled: [PointsReason] = [.reportFiled, .firstReport, .claimedFixConfirmed, .suggestionAdopted, .invalidReport, .spamReport]

    /// Whether the rule for this reason takes points away.
    public var isDeduction: Bool { self == .invalidReport || self == .spamReport }

    public var label: LocalizedText {
        switch self {
        case .reportFiled: LocalizedText(zh: "上报立案", en: "Report filed")
        case .firstReport: LocalizedText(zh: "首报", en: "First report")
        case .claimedFixConfirmed: LocalizedText(zh: "认领处置核查通过", en: "Claimed fix confirmed")
        case .suggestionAdopted: LocalizedText(zh: "建议被采纳", en: "Suggestion adopted")
        case .invalidReport: LocalizedText(zh: "无效上报", en: "Invalid report")
        case .spamReport: LocalizedText(zh: "恶意上报", en: "Spam report")
        case .redemption: LocalizedText(zh: "兑换奖品", en: "Reward redemption")
        case .reviewRelease: LocalizedText(zh: "审核放行", en: "Released by review")
        default: LocalizedText(zh: rawValue, en: rawValue)
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: PointsReason, rhs: PointsReason) -> Bool { lhs.rawValue < rhs.rawValue }
    public init?(codedString: String) { self.init(rawValue: codedString) }
    public var codedString: String { rawValue }
    public static let codedStringExpectation = "a points reason such as report_filed"
}
