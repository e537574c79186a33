import CityGridCore

/// How the volume swings within the week, the day and the year (季节性), as indices: a bucket's mean
/// volume over the overall mean, so 1.0 is average, 1.3 is 30 % busier than average and 0 is empty.
///
/// Means are per day (per hour for hours), so a range that holds five Mondays and four Sundays does
/// not make Mondays look busier. With no case in the range, every index is 0.
public struct Seasonality: Hashable, Codable, Sendable {
    /// Monday (index 0) to Sunday: the mean cases of that weekday's days over the mean of all days.
    /// 0 for a weekday the range does not hold.
    public var weekday: [Double]
    /// Local hours 0 to 23: the hour's cases per day over the mean cases per hour of the day.
    public var hour: [Double]
    /// January (index 0) to December, like ``weekday`` over the days of each calendar month, when the
    /// range is at least 365 days long (every month of the year present); `nil` otherwise.
    public var monthOfYear: [Double]?

    public init(weekday: [Double], hour: [Double], monthOfYear: [Double]?) {
        self.weekday = weekday
        self.hour = hour
        self.monthOfYear = monthOfYear
    }

    /// The indices of a daily series starting on local day `firstDay` (days since 2020-01-01), with
    /// its cases per local hour of the day.
    init(daily: [Int], firstDay: Int, byHour: [Int]) {
        let total = daily.reduce(0, +)
        let overall = daily.isEmpty ? 0 : Double(total) / Double(daily.count)
        /// Per bucket: the mean of the days in it over the overall mean.
        func indices(buckets: Int, of bucket: (Int) -> Int) -> [Double] {
            var cases = [Int](repeating: 0, count: buckets), days = cases
            for (i, n) in daily.enumerated() {
                let b = bucket(firstDay + i)
                cases[b] += n
                days[b] += 1
            }
            return (0..<buckets).map { b in
                overall > 0 && days[b] > 0 ? Double(cases[b]) / Double(days[b]) / overall : 0
            }
        }
        let date = { (day: Int) in LocalDate(dayNumber: day + CaseFacts.epochDay) }
        weekday = indices(buckets: 7) { date($0).weekday - 1 }
        hour = byHour.map { total > 0 ? Double($0) * Double(byHour.count) / Double(total) : 0 }
        monthOfYear = daily.count >= 365 ? indices(buckets: 12) { date($0).components.month - 1 } : nil
    }
}
