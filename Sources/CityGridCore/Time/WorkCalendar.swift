import Foundation

/// The working-time calendar (工作日历) that time limits are counted on: the city's UTC offset, the
/// working periods of a workday, the weekend, public holidays and make-up workdays (调休上班).
///
/// A day is a workday when it is a make-up workday, or when it is neither a weekend day nor a holiday.
/// All arithmetic is on whole seconds in local time.
public struct WorkCalendar: Hashable, Codable, Sendable {
    /// Seconds east of UTC, e.g. 28,800 for China Standard Time.
    public var utcOffsetSeconds: Int
    /// The working periods of a workday, sorted and not overlapping.
    public var workPeriods: [WorkPeriod]
    /// ISO weekdays off (6 = Saturday, 7 = Sunday).
    public var weekendDays: Set<Int>
    public var holidays: Set<LocalDate>
    public var makeUpWorkdays: Set<LocalDate>

    enum CodingKeys: String, CodingKey {
        case utcOffsetSeconds = "utc_offset_seconds"
        case workPeriods = "work_periods"
        case weekendDays = "weekend_days"
        case holidays
        case makeUpWorkdays = "make_up_workdays"
    }

    /// Builds a calendar, checking its periods.
    public init(utcOffsetSeconds: Int, workPeriods: [WorkPeriod], weekendDays: Set<Int> = [6, 7],
                holidays: Set<LocalDate> = [], makeUpWorkdays: Set<LocalDate> = []) throws(DomainError) {
        guard (-14 * 3600...14 * 3600).contains(utcOffsetSeconds) else {
            throw .invalidField("utc_offset_seconds", zh: "时区偏移超出范围", en: "The UTC offset is out of range")
        }
        guard !workPeriods.isEmpty else {
            throw .invalidField("work_periods", zh: "至少需要一个工作时段", en: "At least one working period is needed")
        }
        guard workPeriods.allSatisfy({ 0 <= $0.startMinute && $0.startMinute < $0.endMinute && $0.endMinute <= 1440 }) else {
            throw .invalidField("work_periods", zh: "工作时段须在一天之内且开始早于结束", en: "Each working period must start before it ends, within one day")
        }
        for (a, b) in zip(workPeriods, workPeriods.dropFirst()) where a.endMinute > b.startMinute {
            throw .invalidField("work_periods", zh: "工作时段必须按时间排序且不重叠", en: "Working periods must be sorted and must not overlap")
        }
        guard weekendDays.allSatisfy({ (1...7).contains($0) }), weekendDays.count < 7 else {
            throw .invalidField("weekend_days", zh: "周末必须是1-7之间的星期数且不能是全部", en: "Weekend days must be ISO weekdays 1-7, not all of them")
        }
        self.utcOffsetSeconds = utcOffsetSeconds
        self.workPeriods = workPeriods
        self.weekendDays = weekendDays
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            utcOffsetSeconds: c.decode(Int.self, forKey: .utcOffsetSeconds),
            workPeriods: c.decode([WorkPeriod].self, forKey: .workPeriods),
            weekendDays: c.decodeIfPresent(Set<Int>.self, forKey: .weekendDays) ?? [6, 7],
            holidays: c.decodeIfPresent(Set<LocalDate>.self, forKey: .holidays) ?? [],
            makeUpWorkdays: c.decodeIfPresent(Set<LocalDate>.self, forKey: .makeUpWorkdays) ?? [])
    }

    /// Encodes with the day lists sorted, so that the same calendar always gives the same file.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(utcOffsetSeconds, forKey: .utcOffsetSeconds)
        try c.encode(workPeriods, forKey: .workPeriods)
        try c.encode(weekendDays.sorted(), forKey: .weekendDays)
        try c.encode(holidays.sorted(), forKey: .holidays)
        try c.encode(makeUpWorkdays.sorted(), forKey: .makeUpWorkdays)
    }

    /// Seconds of working time in one workday.
    public var workdaySeconds: Int64 {
        Int64(workPeriods.reduce(0) { $0 + $1.endMinute - $1.startMinute }) * 60
    }

    public func isWorkday(_ day: LocalDate) -> Bool {
        if makeUpWorkdays.contains(day) { return true }
        return !weekendDays.contains(day.weekday) && !holidays.contains(day)
    }

    /// The local calendar day of an instant.
    public func localDate(of date: Date) -> LocalDate {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(utcOffsetSeconds)
        return LocalDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// The instant `seconds` of working time after `start`. Starting outside working time, the count
    /// begins at the next working period; a result that lands exactly on the end of a period stays there.
    public func adding(workingSeconds seconds: Int64, to start: Date) -> Date {
        var remaining = max(0, seconds)
        var local = Int64(start.timeIntervalSince1970.rounded(.down)) + Int64(utcOffsetSeconds)
        var day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        var secondOfDay = local - day * 86_400
        // Bound the walk: a calendar with years of holidays in a row is a configuration error, not a loop.
        for _ in 0..<3660 {
            if isWorkday(LocalDate(dayNumber: Int(day))) {
                for period in workPeriods {
                    let periodStart = Int64(period.startMinute) * 60, periodEnd = Int64(period.endMinute) * 60
                    guard secondOfDay < periodEnd else { continue }
                    let from = max(secondOfDay, periodStart)
                    let available = periodEnd - from
                    if remaining <= available {
                        local = day * 86_400 + from + remaining
                        return Date(timeIntervalSince1970: TimeInterval(local - Int64(utcOffsetSeconds)))
                    }
                    remaining -= available
                    secondOfDay = periodEnd
                }
            }
            day += 1
            secondOfDay = 0
        }
        return Date(timeIntervalSince1970: TimeInterval(day * 86_400 - Int64(utcOffsetSeconds)))
    }

    /// The instant `seconds` of working time before `end` (the inverse of ``adding(workingSeconds:to:)``).
    public func subtracting(workingSeconds seconds: Int64, from end: Date) -> Date {
        var remaining = max(0, seconds)
        let local = Int64(end.timeIntervalSince1970.rounded(.down)) + Int64(utcOffsetSeconds)
        var day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        var secondOfDay = local - day * 86_400
        for _ in 0..<3660 {
            if isWorkday(LocalDate(dayNumber: Int(day))) {
                for period in workPeriods.reversed() {
                    let periodStart = Int64(period.startMinute) * 60, periodEnd = Int64(period.endMinute) * 60
                    guard secondOfDay > periodStart else { continue }
                    let to = min(secondOfDay, periodEnd)
                    let available = to - periodStart
                    if remaining <= available {
                        return Date(timeIntervalSince1970: TimeInterval(day * 86_400 + to - remaining - Int64(utcOffsetSeconds)))
                    }
                    remaining -= available
                    secondOfDay = periodStart
                }
            }
            day -= 1
            secondOfDay = 86_400
        }
        return Date(timeIntervalSince1970: TimeInterval((day + 1) * 86_400 - Int64(utcOffsetSeconds)))
    }

    /// The length of a time limit in seconds of its own clock: working seconds for working hours
    /// and days, plain seconds for calendar hours.
    public func seconds(of limit: TimeLimit) -> Int64 {
        switch limit.unit {
        case .calendarHours, .workingHours: Int64((limit.amount * 3600).rounded())
        case .workingDays: Int64((limit.amount * Double(workdaySeconds)).rounded())
        }
    }

    /// Moves an instant on a limit's clock: working time for working limits, plain time otherwise.
    public func shift(_ date: Date, by seconds: Int64, unit: TimeLimit.Unit) -> Date {
        if unit == .calendarHours { return date.addingTimeInterval(TimeInterval(seconds)) }
        return seconds >= 0 ? adding(workingSeconds: seconds, to: date) : subtracting(workingSeconds: -seconds, from: date)
    }

    /// The working seconds between two instants (0 when `end` is not after `start`).
    public func workingSeconds(from start: Date, to end: Date) -> Int64 {
        let s = Int64(start.timeIntervalSince1970.rounded(.down)) + Int64(utcOffsetSeconds)
        let e = Int64(end.timeIntervalSince1970.rounded(.down)) + Int64(utcOffsetSeconds)
        guard e > s else { return 0 }
        var total: Int64 = 0
        var day = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let lastDay = e >= 0 ? e / 86_400 : (e - 86_399) / 86_400
        while day <= lastDay {
            if isWorkday(LocalDate(dayNumber: Int(day))) {
                let dayStart = day * 86_400
                for period in workPeriods {
                    let a = max(s, dayStart + Int64(period.startMinute) * 60)
                    let b = min(e, dayStart + Int64(period.endMinute) * 60)
                    if b > a { total += b - a }
                }
            }
            day += 1
        }
        return total
    }

    /// The deadline of a time limit that starts at `start`.
    public func deadline(from start: Date, limit: TimeLimit) -> Date {
        switch limit.unit {
        case .calendarHours:
            return Date(timeIntervalSince1970: (start.timeIntervalSince1970 + limit.amount * 3600).rounded(.down))
        case .workingHours, .workingDays:
            return adding(workingSeconds: seconds(of: limit), to: start)
        }
    }
}

extension WorkCalendar {
    /// China Standard Time, 09:00-12:00 and 13:30-17:30 (the common public-office hours), Saturday and
    /// Sunday off, and the State Council's public holidays and make-up workdays for 2025 and 2026.
    /// A city replaces it with its own file (`citygrid import calendar`).
    public static let chinaDefault: WorkCalendar = {
        func days(_ list: [String]) -> Set<LocalDate> { Set(list.compactMap { LocalDate($0) }) }
        func range(_ from: String, _ to: String) -> [String] {
            guard let a = LocalDate(from), let b = LocalDate(to) else { return [] }
            return (a.dayNumber...b.dayNumber).map { LocalDate(dayNumber: $0).description }
        }
        let holidays = ["2025-01-01"] + range("2025-01-28", "2025-02-04") + range("2025-04-04", "2025-04-06")
            + range("2025-05-01", "2025-05-05") + range("2025-05-31", "2025-06-02") + range("2025-10-01", "2025-10-08")
            + range("2026-01-01", "2026-01-03") + range("2026-02-15", "2026-02-23") + range("2026-04-04", "2026-04-06")
            + range("2026-05-01", "2026-05-05") + range("2026-06-19", "2026-06-21") + range("2026-09-25", "2026-09-27")
            + range("2026-10-01", "2026-10-07")
        let makeUp = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                      "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
        // The literal values are valid by construction.
        return try! WorkCalendar(
            utcOffsetSeconds: 8 * 3600,
            workPeriods: [WorkPeriod(startMinute: 9 * 60, endMinute: 12 * 60), WorkPeriod(startMinute: 13 * 60 + 30, endMinute: 17 * 60 + 30)],
            weekendDays: [6, 7], holidays: days(holidays), makeUpWorkdays: days(makeUp))
    }()
}
