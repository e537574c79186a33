import CityGridCore

/// Month arithmetic on the fact table's month index (months since 2020-01, as in
/// ``CaseFacts/monthRuns``).
enum MonthIndex {
    /// The index of a calendar month.
    static func of(year: Int, month: Int) -> Int { (year - 2020) * 12 + month - 1 }

    /// Year and month (1-12) of an index.
    static func components(_ index: Int) -> (year: Int, month: Int) {
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return (2020 + y, index - 12 * y + 1)
    }

    /// The first local day of the month, as days since 2020-01-01.
    static func firstDay(_ index: Int) -> Int {
        let (y, m) = components(index)
        return LocalDate(year: y, month: m, day: 1)!.dayNumber - CaseFacts.epochDay
    }

    /// `2026-07`.
    static func label(_ index: Int) -> String {
        let (y, m) = components(index)
        return "\(y)-\(m < 10 ? "0" : "")\(m)"
    }

    /// `2026-07-31`, for a local day since 2020-01-01.
    static func dayLabel(_ day: Int) -> String { LocalDate(dayNumber: day + CaseFacts.epochDay).description }
}
