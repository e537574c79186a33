/// The least-squares straight line through a daily series (线性趋势): y ≈ intercept + slope × x, x
/// being the day's position (0 for the first day).
public struct LinearTrend: Hashable, Codable, Sendable {
    /// Cases per day gained (or lost, when negative) per day.
    public var slopePerDay: Double
    /// The line's value on the first day.
    public var intercept: Double
    /// The line's change over the range relative to its start, (ŷ(n−1) − ŷ(0)) / ŷ(0): 0.25 is a
    /// quarter more at the end than at the start. `nil` when the line starts at or below zero.
    public var relativeChange: Double?
    /// The share of the series' variance the line explains; `nil` for a constant series.
    public var rSquared: Double?

    public init(slopePerDay: Double, intercept: Double, relativeChange: Double?, rSquared: Double?) {
        self.slopePerDay = slopePerDay
        self.intercept = intercept
        self.relativeChange = relativeChange
        self.rSquared = rSquared
    }

    /// Fits the line to `series` (fewer than two points: a flat line through their mean).
    public init(fitting series: [Int]) {
        let n = Double(series.count)
        let mean = series.isEmpty ? 0 : Double(series.reduce(0, +)) / n
        guard series.count >= 2 else {
            self.init(slopePerDay: 0, intercept: mean, relativeChange: mean > 0 ? 0 : nil, rSquared: nil)
            return
        }
        let xMean = (n - 1) / 2
        var sxy = 0.0, syy = 0.0
        for (x, y) in series.enumerated() {
            let dy = Double(y) - mean
            sxy += (Double(x) - xMean) * dy
            syy += dy * dy
        }
        let sxx = n * (n * n - 1) / 12  // Σ (x − x̄)² over 0..<n
        let slope = sxy / sxx, intercept = mean - slope * xMean
        self.init(slopePerDay: slope, intercept: intercept,
                  relativeChange: intercept > 0 ? slope * (n - 1) / intercept : nil,
                  rSquared: syy > 0 ? sxy * sxy / (sxx * syy) : nil)
    }
}
