import CityGridCore

/// The result of evaluating one class of subjects over a period with a rule set (考核结果).
public struct EvaluationReport: Sendable {
    /// One indicator's figures for one subject.
    public struct Figure: Sendable, Hashable {
        /// The value: a share (0-1), a count, a mean or a density; `nil` when its denominator is empty.
        public var value: Double?
        /// The 0-100 score, `nil` when the indicator is not scored or has no value.
        public var score: Double?
        /// The numerator and denominator counts behind the value (the denominator of a density is
        /// the area, not a count: 0 here).
        public var numerator: Int64
        public var denominator: Int64
        /// The value in the previous period.
        public var previous: Double?
    }

    /// One subject's line of the ranking.
    public struct Row: Sendable {
        public var code: String
        public var name: LocalizedText
        public var figures: [Figure]
        /// Points taken off, per deduction rule.
        public var deductions: [Double]
        /// The weighted score less deductions (0-100); `nil` when nothing scored had a value.
        public var composite: Double?
        public var grade: String?
        /// Rank within the class by composite, best 1; ties share a rank (1, 2, 2, 4).
        public var rank: Int?
        public var previousComposite: Double?
        /// `composite − previousComposite`.
        public var change: Double? {
            guard let composite, let previousComposite else { return nil }
            return composite - previousComposite
        }
        /// Cases attributed to the subject in the period (for its own attribution).
        public var cases: Int64
    }

    public var ruleSet: String
    public var ruleSetLabel: LocalizedText
    public var subjectClass: SubjectClass
    public var period: EvaluationPeriod
    public var previousPeriod: EvaluationPeriod
    public var indicators: [IndicatorRule]
    public var deductions: [DeductionRule]
    public var rows: [Row]
    /// True when any indicator carries a weight (so composites, grades and ranks exist).
    public var isScored: Bool { indicators.contains { $0.weight > 0 } }
}
