import CityGridCore

/// One indicator of a rule set (考核指标): what it computes, for whom, and how it scores.
public struct IndicatorRule: Sendable {
    /// What an indicator computes over the cases attributed to a subject in a period.
    public enum Formula: Sendable {
        /// Cases matching both / cases matching the second (a share, 0-1).
        case rate(FactPredicate, of: FactPredicate)
        /// Cases matching the first / cases matching the second, counted apart (may exceed 1).
        case ratio(FactPredicate, to: FactPredicate)
        case count(FactPredicate)
        case mean(FactMeasure, over: FactPredicate)
        /// Matching cases per square kilometre of the region.
        case density(FactPredicate)
    }

    public var id: String
    public var label: LocalizedText
    public var formula: Formula
    /// The weight in the composite score; 0 for a figure that is shown but not scored.
    public var weight: Double
    /// Scores `1 − value` (a rework rate: less is better).
    public var invert: Bool
    /// Turns the value into a 0-100 score (volume and density scores); rates and fractions score as
    /// a percentage without one.
    public var table: ScoreTable?
    public var attribution: Attribution
    /// The line of the rule file it was read from.
    public var line: Int

    /// The score of a value: the table's, or the percentage of a share; `nil` when not scoreable.
    public func score(_ value: Double) -> Double? {
        if let table { return table.score(value) }
        switch formula {
        case .rate, .ratio: return invert ? max(0, 1 - value) * 100 : min(1, value) * 100
        case .mean(let m, _) where m.isFraction: return invert ? (1 - value) * 100 : value * 100
        default: return nil
        }
    }

    /// True when the indicator can be scored (so it may carry a weight).
    public var isScoreable: Bool {
        switch formula {
        case .rate, .ratio: true
        case .mean(let m, _): table != nil || m.isFraction
        case .count, .density: table != nil
        }
    }
}

/// A piecewise-linear table from a value to a 0-100 score (量化分值表), e.g. `0:0 200:60 1000:100`:
/// values between points are interpolated, values outside take the end points' scores.
public struct ScoreTable: Sendable, Hashable {
    public var points: [(value: Double, score: Double)]

    public static func == (a: ScoreTable, b: ScoreTable) -> Bool {
        a.points.map(\.value) == b.points.map(\.value) && a.points.map(\.score) == b.points.map(\.score)
    }
    public func hash(into h: inout Hasher) { for p in points { h.combine(p.value); h.combine(p.score) } }

    public func score(_ value: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if value <= first.value { return first.score }
        if value >= last.value { return last.score }
        for (a, b) in zip(points, points.dropFirst()) where value <= b.value {
            return a.score + (b.score - a.score) * ((value - a.value) / (b.value - a.value))
        }
        return last.score
    }
}

/// Points taken off the composite per matching case (扣分项), e.g. per case reworked three times.
public struct DeductionRule: Sendable {
    public var id: String
    public var label: LocalizedText
    public var points: Double
    public var predicate: FactPredicate
    public var attribution: Attribution
    public var line: Int
}
