/// A number per case that an indicator averages or sums (案件度量), kept as an integer column of the
/// fact table so that sums are exact.
public enum FactMeasure: String, CaseIterable, Sendable {
    /// Calendar hours from the report to the disposal (suspended time included), as the anchors
    /// define it; for disposed cases.
    case disposalHours = "disposal_hours"
    /// Calendar hours from the report to closure; for closed cases.
    case closureHours = "closure_hours"
    /// The return visit's satisfaction: satisfied 1, basically satisfied 0.9, dissatisfied 0 (the
    /// 12345 satisfaction rate); for answered cases.
    case satisfactionScore = "satisfaction_score"

    /// Stored units per value: seconds per hour, tenths of the score.
    public var unitsPerValue: Double {
        switch self {
        case .disposalHours, .closureHours: 3600
        case .satisfactionScore: 10
        }
    }

    /// True for a measure between 0 and 1, scored as a percentage like a rate.
    public var isFraction: Bool { self == .satisfactionScore }

    /// The fact a case must have for the measure to exist.
    public var requires: FactFlags {
        switch self {
        case .disposalHours: .disposed
        case .closureHours: .closed
        case .satisfactionScore: .answered
        }
    }
}
