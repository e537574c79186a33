import CityGridCore

/// An ISO 8601 week (ISO 周): Monday to Sunday, numbered within the year that holds its Thursday.
///
/// So the days around New Year may belong to the neighbouring year's week: 2026-12-31 (a Thursday)
/// and 2027-01-01 to 2027-01-03 are all in 2026-W53, and 2027-W01 starts on Monday 2027-01-04;
/// 2024-12-30 is in 2025-W01.
public struct ISOWeek: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The week-numbering year, which differs from the calendar year near New Year.
    public var year: Int
    /// 1 to 52 or 53.
    public var week: Int

    public init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// The week a day belongs to.
    public init(_ date: LocalDate) {
        let thursday = date.adding(days: 4 - date.weekday)
        let year = thursday.components.year
        let dayOfYear = thursday.dayNumber - LocalDate(year: year, month: 1, day: 1)!.dayNumber
        self.init(year: year, week: dayOfYear / 7 + 1)
    }

    /// The Monday the week starts on.
    public var monday: LocalDate {
        // The week of 4 January is always week 1.
        let january4 = LocalDate(year: year, month: 1, day: 4)!
        return january4.adding(days: 1 - january4.weekday + 7 * (week - 1))
    }

    /// `2026-W05`.
    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }
}
