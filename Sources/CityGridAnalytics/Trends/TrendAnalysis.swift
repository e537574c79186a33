import CityGridCore

/// Case volume over time (案件量趋势) for the rows a ``FactFilter`` selects: per local day, ISO week
/// and month, per weekday and hour of the day, the ``Seasonality`` indices and the ``LinearTrend``
/// of the daily series.
///
/// Days and hours are the city's local time (the table's UTC offset), so a case reported at
/// 17:30 UTC in a UTC+8 city counts on the next day, at 01:30. The series cover every day of the
/// filter's range, zeros included (so give it the period of interest, not ``FactFilter/allDays``);
/// the first and last weeks and months may be partial: they count only the range's days.
///
/// ```swift
/// let trend = TrendAnalysis(facts: facts, filter: FactFilter(period: EvaluationPeriod("2026")!))
/// trend.weekly.labels   // ["2026-W01", "2026-W02", …, "2026-W53"]
/// trend.trend.slopePerDay
/// ```
public struct TrendAnalysis: Hashable, Codable, Sendable {
    /// Cases matched.
    public var total: Int
    /// Per local day (`2026-01-31`).
    public var daily: VolumeSeries
    /// Per ISO week (`2026-W05`, see ``ISOWeek``).
    public var weekly: VolumeSeries
    /// Per calendar month (`2026-01`).
    public var monthly: VolumeSeries
    /// Monday (index 0) to Sunday: the cases on that weekday.
    public var byWeekday: [Int]
    /// Local hours 0 to 23: the cases reported in that hour.
    public var byHour: [Int]
    public var seasonality: Seasonality
    /// The straight line through ``daily``.
    public var trend: LinearTrend

    /// The weekday names for ``byWeekday``, Monday first.
    public static let weekdayNames: [LocalizedText] = [
        LocalizedText(zh: "周一", en: "Mon"), LocalizedText(zh: "周二", en: "Tue"), LocalizedText(zh: "周三", en: "Wed"),
        LocalizedText(zh: "周四", en: "Thu"), LocalizedText(zh: "周五", en: "Fri"), LocalizedText(zh: "周六", en: "Sat"),
        LocalizedText(zh: "周日", en: "Sun"),
    ]

    /// The month names for ``Seasonality/monthOfYear``, January first.
    public static let monthNames: [LocalizedText] = zip(1...12, ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        .map { LocalizedText(zh: "\($0)月", en: $1) }

    /// Counts the rows `filter` selects in `facts`.
    public init(facts: CaseFacts, filter: FactFilter) {
        let days = filter.days
        var daily = [Int](repeating: 0, count: days.count), byHour = [Int](repeating: 0, count: 24)
        let offset = Int64(facts.dimensions.utcOffsetSeconds)
        filter.forEachRow(in: facts) { row in
            daily[Int(facts.day[row]) - days.lowerBound] += 1
            let local = Int64(facts.reported[row]) + offset
            byHour[Int((local % 86_400 + 86_400) % 86_400 / 3600)] += 1
        }
        var weekly = VolumeSeries(), monthly = VolumeSeries(), byWeekday = [Int](repeating: 0, count: 7)
        for (i, n) in daily.enumerated() {
            let date = LocalDate(dayNumber: days.lowerBound + i + CaseFacts.epochDay)
            byWeekday[date.weekday - 1] += n
            weekly.add(n, to: ISOWeek(date).description)
            monthly.add(n, to: MonthIndex.label(CaseFacts.month(ofDay: days.lowerBound + i)))
        }
        self.total = daily.reduce(0, +)
        self.daily = VolumeSeries(labels: days.map(MonthIndex.dayLabel), counts: daily)
        self.weekly = weekly
        self.monthly = monthly
        self.byWeekday = byWeekday
        self.byHour = byHour
        self.seasonality = Seasonality(daily: daily, firstDay: days.lowerBound, byHour: byHour)
        self.trend = LinearTrend(fitting: daily)
    }
}

/// A count per labelled period, in time order: plain arrays of the same length, for charts and JSON.
public struct VolumeSeries: Hashable, Codable, Sendable {
    public var labels: [String]
    public var counts: [Int]

    public init(labels: [String] = [], counts: [Int] = []) {
        self.labels = labels
        self.counts = counts
    }

    /// Adds `n` to the last period when it has this label, or starts a new one.
    mutating func add(_ n: Int, to label: String) {
        if labels.last == label { counts[counts.count - 1] += n } else { labels.append(label); counts.append(n) }
    }
}
