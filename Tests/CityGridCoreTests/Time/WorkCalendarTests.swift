import CityGridCore
import Foundation
import Testing

@Suite("WorkCalendar")
struct WorkCalendarTests {
    let china = WorkCalendar.chinaDefault

    static let hour: Int64 = 3600

    // MARK: - The China default

    @Test("the China default: UTC+8, 09:00-12:00 and 13:30-17:30, Saturday and Sunday off")
    func chinaDefault() {
        #expect(china.utcOffsetSeconds == 28_800)
        #expect(china.workPeriods.map(\.description) == ["09:00-12:00", "13:30-17:30"])
        #expect(china.weekendDays == [6, 7])
        #expect(china.workdaySeconds == 25_200)
        #expect(china.holidays.count == 61)
        #expect(china.makeUpWorkdays.count == 11)
    }

    @Test("workdays, weekends, holidays and make-up workdays", arguments: [
        ("2026-11-30", true), ("2026-11-27", true), ("2026-11-28", false), ("2026-11-29", false),
        ("2026-10-01", false), ("2026-10-07", false), ("2026-10-08", true), ("2026-09-30", true),
        ("2026-09-20", true), ("2026-10-10", true), ("2026-10-11", false), ("2026-09-25", false),
        ("2026-02-14", true), ("2026-02-23", false), ("2026-02-24", true), ("2025-10-08", false), ("2025-10-11", true),
    ])
    func workdays(text: String, isWorkday: Bool) {
        #expect(china.isWorkday(day(text)) == isWorkday)
    }

    @Test("the local day of an instant is taken at UTC+8")
    func localDate() {
        #expect(china.localDate(of: instant("2026-11-29T20:00:00Z")) == day("2026-11-30"))
        #expect(china.localDate(of: instant("2026-11-29T15:59:59Z")) == day("2026-11-29"))
        #expect(china.localDate(of: instant("2026-11-29T16:00:00Z")) == day("2026-11-30"))
        #expect(china.localDate(of: instant("1969-12-31T16:00:00Z")) == day("1970-01-01"))
        #expect(china.localDate(of: instant("1969-12-31T15:59:59Z")) == day("1969-12-31"))
    }

    // MARK: - Adding working time

    static let addingCases: [(String, Int64, String)] = [
        // within a morning
        ("2026-11-30T09:30:00", 2 * 3600, "2026-11-30T11:30:00"),
        // exactly to the end of the morning: stays at 12:00
        ("2026-11-30T10:00:00", 2 * 3600, "2026-11-30T12:00:00"),
        // across lunch
        ("2026-11-30T11:00:00", 2 * 3600, "2026-11-30T14:30:00"),
        // a whole day
        ("2026-11-30T09:00:00", 7 * 3600, "2026-11-30T17:30:00"),
        // across the end of the day into the next morning
        ("2026-11-30T17:00:00", 1 * 3600, "2026-12-01T09:30:00"),
        // across a weekend: Friday 16:30-17:30 is 1 h, then Monday 09:00 + 1 h
        ("2026-11-27T16:30:00", 2 * 3600, "2026-11-30T10:00:00"),
        // across the National Day holiday 2026-10-01...07
        ("2026-09-30T16:30:00", 2 * 3600, "2026-10-08T10:00:00"),
        // into the make-up Saturday 2026-10-10
        ("2026-10-09T17:00:00", 1 * 3600, "2026-10-10T09:30:00"),
        // into the make-up Sunday 2026-09-20
        ("2026-09-18T17:00:00", 1 * 3600, "2026-09-20T09:30:00"),
        // on the make-up Saturday itself
        ("2026-10-10T10:00:00", 3 * 3600, "2026-10-10T14:30:00"),
        // Mid-Autumn: Friday 2026-09-25 off, then the weekend
        ("2026-09-24T17:00:00", 1 * 3600, "2026-09-28T09:30:00"),
        // Spring Festival: make-up Saturday 02-14, then 02-15...23 off
        ("2026-02-14T17:00:00", 1 * 3600, "2026-02-24T09:30:00"),
        // starting on a Saturday noon
        ("2026-11-28T12:00:00", 1 * 3600, "2026-11-30T10:00:00"),
        // starting inside a holiday
        ("2026-10-03T10:00:00", 1 * 3600, "2026-10-08T10:00:00"),
        // starting before opening, at lunch, after closing
        ("2026-11-30T07:00:00", 1 * 3600, "2026-11-30T10:00:00"),
        ("2026-11-30T12:30:00", 1 * 3600, "2026-11-30T14:30:00"),
        ("2026-11-30T12:00:00", 1 * 3600, "2026-11-30T14:30:00"),
        ("2026-11-30T18:00:00", 1 * 3600, "2026-12-01T10:00:00"),
        // five whole days, then one hour more over the weekend
        ("2026-11-30T09:00:00", 35 * 3600, "2026-12-04T17:30:00"),
        ("2026-11-30T09:00:00", 36 * 3600, "2026-12-07T10:00:00"),
        // seconds count
        ("2026-11-30T11:59:59", 2, "2026-11-30T13:30:01"),
    ]

    @Test("adding working hours", arguments: addingCases)
    func adding(start: String, seconds: Int64, end: String) {
        #expect(china.adding(workingSeconds: seconds, to: cst(start)) == cst(end))
    }

    @Test("adding nothing moves a start outside working time to the next period; negative counts as nothing")
    func addingNothing() {
        #expect(china.adding(workingSeconds: 0, to: cst("2026-11-30T10:00:00")) == cst("2026-11-30T10:00:00"))
        #expect(china.adding(workingSeconds: 0, to: cst("2026-11-28T12:00:00")) == cst("2026-11-30T09:00:00"))
        #expect(china.adding(workingSeconds: -3600, to: cst("2026-11-30T10:00:00")) == cst("2026-11-30T10:00:00"))
        #expect(china.adding(workingSeconds: -3600, to: cst("2026-11-30T18:00:00")) == cst("2026-12-01T09:00:00"))
    }

    @Test("fractions of a second in the start are dropped")
    func wholeSeconds() {
        let start = cst("2026-11-30T10:00:00").addingTimeInterval(0.9)
        #expect(china.adding(workingSeconds: 3600, to: start) == cst("2026-11-30T11:00:00"))
        #expect(china.workingSeconds(from: start, to: cst("2026-11-30T11:00:00")) == 3600)
    }

    // MARK: - Measuring working time

    static let measuringCases: [(String, String, Int64)] = [
        ("2026-11-30T09:00:00", "2026-11-30T17:30:00", 25_200),
        ("2026-11-30T00:00:00", "2026-12-01T00:00:00", 25_200),
        ("2026-11-30T11:00:00", "2026-11-30T14:30:00", 7_200),
        ("2026-11-27T16:30:00", "2026-11-30T10:00:00", 7_200),
        ("2026-09-30T16:30:00", "2026-10-08T10:00:00", 7_200),
        ("2026-11-30T00:00:00", "2026-12-07T00:00:00", 126_000),
        ("2026-11-28T00:00:00", "2026-11-30T00:00:00", 0),
        ("2026-10-01T00:00:00", "2026-10-08T00:00:00", 0),
        // October 2026: 8th, 9th, the make-up 10th and three full weeks = 18 workdays
        ("2026-10-01T00:00:00", "2026-11-01T00:00:00", 18 * 25_200),
        ("2026-11-30T12:10:00", "2026-11-30T13:20:00", 0),
        ("2026-11-30T10:00:00", "2026-11-30T10:00:00", 0),
        ("2026-11-30T11:00:00", "2026-11-30T10:00:00", 0),
    ]

    @Test("working seconds between two instants", arguments: measuringCases)
    func workingSeconds(start: String, end: String, seconds: Int64) {
        #expect(china.workingSeconds(from: cst(start), to: cst(end)) == seconds)
    }

    @Test("workingSeconds(from:to:) inverts adding(workingSeconds:to:) on random instants")
    func inverseOnRandomInstants() {
        var rng = SeededGenerator(seed: 20_261_129)
        let low = Int64(cst("2025-01-01T00:00:00").timeIntervalSince1970)
        let high = Int64(cst("2026-12-31T00:00:00").timeIntervalSince1970)
        var failures = 0
        for _ in 0..<600 {
            let start = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: low..<high, using: &rng)))
            let seconds = Int64.random(in: 0...(12 * 25_200), using: &rng)
            let end = china.adding(workingSeconds: seconds, to: start)
            let measured = china.workingSeconds(from: start, to: end)
            if measured != seconds || end < start {
                failures += 1
                if failures <= 5 { Issue.record("from \(start) + \(seconds) s = \(end), measured back \(measured) s") }
            }
            // The other way round: the working time up to a random instant, added back, does not pass it
            // (when there is some: adding nothing from outside working time moves to the next period).
            let later = start.addingTimeInterval(TimeInterval(Int64.random(in: 0...(30 * 86_400), using: &rng)))
            let between = china.workingSeconds(from: start, to: later)
            let reached = china.adding(workingSeconds: between, to: start)
            if (between > 0 && reached > later) || china.workingSeconds(from: start, to: reached) != between {
                failures += 1
                if failures <= 5 { Issue.record("from \(start) to \(later): \(between) s, added back reaches \(reached)") }
            }
        }
        #expect(failures == 0)
    }

    // MARK: - Subtracting working time

    static let subtractingCases: [(String, Int64, String)] = [
        // within a morning
        ("2026-11-30T11:30:00", 2 * 3600, "2026-11-30T09:30:00"),
        // back across lunch
        ("2026-11-30T14:30:00", 2 * 3600, "2026-11-30T11:00:00"),
        // exactly to the start of the afternoon: stays at 13:30
        ("2026-11-30T14:30:00", 1 * 3600, "2026-11-30T13:30:00"),
        // from the end of the morning
        ("2026-11-30T12:00:00", 1 * 3600, "2026-11-30T11:00:00"),
        // from inside lunch: the morning's end is the start
        ("2026-11-30T12:45:00", 1 * 3600, "2026-11-30T11:00:00"),
        // a whole day back from closing time
        ("2026-11-30T17:30:00", 7 * 3600, "2026-11-30T09:00:00"),
        // back across the night
        ("2026-12-01T09:30:00", 1 * 3600, "2026-11-30T17:00:00"),
        // back across a weekend: Monday 09:00-10:00 is 1 h, then Friday 17:30 - 1 h
        ("2026-11-30T10:00:00", 2 * 3600, "2026-11-27T16:30:00"),
        // from a Saturday: the Friday's close is the start
        ("2026-11-28T12:00:00", 1 * 3600, "2026-11-27T16:30:00"),
        // back across the National Day holiday 2026-10-01...07
        ("2026-10-08T10:00:00", 2 * 3600, "2026-09-30T16:30:00"),
        // back into the make-up Saturday 2026-10-10 from the next Monday
        ("2026-10-12T09:30:00", 1 * 3600, "2026-10-10T17:00:00"),
        // back across the Spring Festival to the make-up Saturday 2026-02-14
        ("2026-02-24T09:30:00", 1 * 3600, "2026-02-14T17:00:00"),
        // back across New Year 2026-01-01...03 and the make-up Sunday 01-04
        ("2026-01-05T09:30:00", 1 * 3600, "2026-01-04T17:00:00"),
        ("2026-01-04T09:30:00", 1 * 3600, "2025-12-31T17:00:00"),
        // five whole days back
        ("2026-12-04T17:30:00", 35 * 3600, "2026-11-30T09:00:00"),
        ("2026-12-07T10:00:00", 36 * 3600, "2026-11-30T09:00:00"),
        // seconds count
        ("2026-11-30T13:30:01", 2, "2026-11-30T11:59:59"),
        // nothing: a working instant stays; one outside working time goes back to the last period's end
        ("2026-11-30T10:00:00", 0, "2026-11-30T10:00:00"),
        ("2026-11-28T12:00:00", 0, "2026-11-27T17:30:00"),
        ("2026-11-30T12:45:00", 0, "2026-11-30T12:00:00"),
    ]

    @Test("subtracting working hours", arguments: subtractingCases)
    func subtracting(end: String, seconds: Int64, start: String) {
        #expect(china.subtracting(workingSeconds: seconds, from: cst(end)) == cst(start))
    }

    @Test("subtracting a negative count subtracts nothing; fractions of a second are dropped")
    func subtractingEdges() {
        #expect(china.subtracting(workingSeconds: -3600, from: cst("2026-11-30T10:00:00")) == cst("2026-11-30T10:00:00"))
        #expect(china.subtracting(workingSeconds: 3600, from: cst("2026-11-30T11:00:00").addingTimeInterval(0.9)) == cst("2026-11-30T10:00:00"))
    }

    @Test("subtracting(workingSeconds:from:) inverts adding(workingSeconds:to:) on random instants")
    func subtractingInvertsAdding() {
        var rng = SeededGenerator(seed: 20_261_130)
        let low = Int64(cst("2025-01-01T00:00:00").timeIntervalSince1970)
        let high = Int64(cst("2026-12-31T00:00:00").timeIntervalSince1970)
        var failures = 0
        func fail(_ text: String) {
            failures += 1
            if failures <= 5 { Issue.record(Comment(rawValue: text)) }
        }
        for _ in 0..<1000 {
            let instant = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: low..<high, using: &rng)))
            let seconds = Int64.random(in: 1...(12 * 25_200), using: &rng)
            // Forward then back: the start, moved to working time as adding moves it.
            let end = china.adding(workingSeconds: seconds, to: instant)
            let back = china.subtracting(workingSeconds: seconds, from: end)
            if back != china.adding(workingSeconds: 0, to: instant) { fail("\(instant) + \(seconds) s = \(end), - \(seconds) s = \(back)") }
            // Back then forward: the exact span of working time, ending at the instant or at the last
            // working moment before it.
            let start = china.subtracting(workingSeconds: seconds, from: instant)
            let forward = china.adding(workingSeconds: seconds, to: start)
            if start > instant || china.workingSeconds(from: start, to: instant) != seconds {
                fail("\(instant) - \(seconds) s = \(start), measured \(china.workingSeconds(from: start, to: instant)) s")
            }
            if forward > instant || china.workingSeconds(from: forward, to: instant) != 0 {
                fail("\(instant) - \(seconds) s = \(start), + \(seconds) s = \(forward)")
            }
            // Subtracting lands in working time or at the start of a period, never inside a break.
            if china.adding(workingSeconds: 0, to: start) != start { fail("\(instant) - \(seconds) s = \(start), outside working time") }
        }
        #expect(failures == 0)
    }

    @Test("subtracting on hand-built calendars: a Friday-Saturday weekend and a round-the-clock one")
    func subtractingHandBuilt() throws {
        let calendar = try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 8 * 60, endMinute: 16 * 60)],
                                        weekendDays: [5, 6], holidays: [day("2026-12-01")])
        // Sunday 09:00 back 2 h: Sunday 08:00-09:00, then Thursday 15:00.
        #expect(calendar.subtracting(workingSeconds: 2 * Self.hour, from: instant("2026-11-29T09:00:00Z")) == instant("2026-11-26T15:00:00Z"))
        // Wednesday 09:00 back 2 h: Wednesday 1 h, Tuesday a holiday, Monday 15:00.
        #expect(calendar.subtracting(workingSeconds: 2 * Self.hour, from: instant("2026-12-02T09:00:00Z")) == instant("2026-11-30T15:00:00Z"))
        let always = try WorkCalendar(utcOffsetSeconds: 3600, workPeriods: [WorkPeriod(startMinute: 0, endMinute: 1440)], weekendDays: [])
        var rng = SeededGenerator(seed: 101)
        for _ in 0..<100 {
            let end = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 1_700_000_000...1_800_000_000, using: &rng)))
            let seconds = Int64.random(in: 0...(10 * 86_400), using: &rng)
            #expect(always.subtracting(workingSeconds: seconds, from: end) == end.addingTimeInterval(-TimeInterval(seconds)))
        }
    }

    // MARK: - Seconds of a limit and shifting on its clock

    @Test("the seconds of a limit on its own clock")
    func secondsOfLimit() {
        #expect(china.seconds(of: TimeLimit(amount: 1.5, unit: .workingHours)) == 5400)
        #expect(china.seconds(of: TimeLimit(amount: 2, unit: .workingDays)) == 50_400)
        #expect(china.seconds(of: TimeLimit(amount: 0.5, unit: .workingDays)) == 12_600)
        #expect(china.seconds(of: TimeLimit(amount: 24, unit: .calendarHours)) == 86_400)
        #expect(china.seconds(of: TimeLimit(amount: 1.0 / 3600.4, unit: .workingHours)) == 1)
    }

    static let shiftCases: [(String, Int64, TimeLimit.Unit, String)] = [
        ("2026-11-30T11:00:00", 7200, .workingHours, "2026-11-30T14:30:00"),
        ("2026-11-30T14:30:00", -7200, .workingHours, "2026-11-30T11:00:00"),
        ("2026-11-27T16:30:00", 7200, .workingDays, "2026-11-30T10:00:00"),
        ("2026-11-30T10:00:00", -7200, .workingDays, "2026-11-27T16:30:00"),
        ("2026-10-08T10:00:00", -7200, .workingHours, "2026-09-30T16:30:00"),
        // Calendar hours move plain time, over nights, weekends and holidays.
        ("2026-11-27T16:30:00", 86_400, .calendarHours, "2026-11-28T16:30:00"),
        ("2026-11-28T16:30:00", -86_400, .calendarHours, "2026-11-27T16:30:00"),
        ("2026-10-03T10:00:00", -3600, .calendarHours, "2026-10-03T09:00:00"),
        ("2026-11-30T10:00:00", 0, .workingHours, "2026-11-30T10:00:00"),
        ("2026-11-28T12:00:00", 0, .calendarHours, "2026-11-28T12:00:00"),
    ]

    @Test("shift moves on the limit's clock, forwards and backwards", arguments: shiftCases)
    func shift(from: String, seconds: Int64, unit: TimeLimit.Unit, to: String) {
        #expect(china.shift(cst(from), by: seconds, unit: unit) == cst(to))
    }

    @Test("the warning point of a limit is its deadline shifted back by a fifth of it")
    func warningPoint() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let start = cst("2025-01-01T00:00:00").addingTimeInterval(TimeInterval(Int.random(in: 0..<(700 * 86_400), using: &rng)))
            let limit = TimeLimit(amount: Double(Int.random(in: 1...40, using: &rng)), unit: [.workingHours, .workingDays, .calendarHours].randomElement(using: &rng)!)
            let deadline = china.deadline(from: start, limit: limit)
            let warn = china.shift(deadline, by: -china.seconds(of: limit) / 5, unit: limit.unit)
            #expect(warn <= deadline)
            if limit.unit == .calendarHours {
                #expect(deadline.timeIntervalSince(warn) == TimeInterval(china.seconds(of: limit) / 5))
            } else {
                // 80 % of the limit's working time lies between the start and the warning point.
                #expect(china.workingSeconds(from: start, to: warn) == china.seconds(of: limit) - china.seconds(of: limit) / 5)
            }
        }
    }

    // MARK: - Deadlines

    @Test("deadlines for each unit", arguments: [
        ("2026-11-30T10:00:00", 1.0, TimeLimit.Unit.workingDays, "2026-12-01T10:00:00"),
        ("2026-11-27T16:30:00", 2.0, .workingDays, "2026-12-01T16:30:00"),
        ("2026-11-30T10:00:00", 0.5, .workingDays, "2026-11-30T15:00:00"),
        ("2026-09-30T10:00:00", 1.0, .workingDays, "2026-10-08T10:00:00"),
        ("2026-11-30T10:00:00", 6.0, .workingHours, "2026-11-30T17:30:00"),
        ("2026-11-30T11:00:00", 1.5, .workingHours, "2026-11-30T14:00:00"),
        ("2026-11-27T16:30:00", 24.0, .calendarHours, "2026-11-28T16:30:00"),
        ("2026-11-28T12:00:00", 1.5, .calendarHours, "2026-11-28T13:30:00"),
        ("2026-09-30T20:00:00", 72.0, .calendarHours, "2026-10-03T20:00:00"),
    ])
    func deadline(start: String, amount: Double, unit: TimeLimit.Unit, end: String) {
        #expect(china.deadline(from: cst(start), limit: TimeLimit(amount: amount, unit: unit)) == cst(end))
    }

    @Test("one working day is the working time of one day, here 7 hours")
    func oneWorkingDayIsSevenHours() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let start = cst("2026-03-02T00:00:00").addingTimeInterval(TimeInterval(Int.random(in: 0..<(200 * 86_400), using: &rng)))
            #expect(china.deadline(from: start, limit: TimeLimit(amount: 1, unit: .workingDays))
                    == china.adding(workingSeconds: 7 * Self.hour, to: start))
            #expect(china.deadline(from: start, limit: TimeLimit(amount: 3, unit: .workingHours))
                    == china.adding(workingSeconds: 3 * Self.hour, to: start))
        }
    }

    @Test("a calendar-hours deadline drops a fraction of a second")
    func calendarHoursWholeSeconds() {
        let start = cst("2026-11-28T12:00:00").addingTimeInterval(0.7)
        #expect(china.deadline(from: start, limit: TimeLimit(amount: 1.5, unit: .calendarHours)) == cst("2026-11-28T13:30:00"))
    }

    // MARK: - Hand-built calendars

    @Test("a UTC calendar with a Friday-Saturday weekend, one 8-hour period and a holiday")
    func handBuiltUTC() throws {
        let calendar = try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 8 * 60, endMinute: 16 * 60)],
                                        weekendDays: [5, 6], holidays: [day("2026-12-01")])
        #expect(calendar.workdaySeconds == 28_800)
        #expect(!calendar.isWorkday(day("2026-11-27")))
        #expect(calendar.isWorkday(day("2026-11-29")))
        // Thursday 1 h, Friday and Saturday off, Sunday 8 h, Monday 1 h.
        #expect(calendar.adding(workingSeconds: 10 * Self.hour, to: instant("2026-11-26T15:00:00Z")) == instant("2026-11-30T09:00:00Z"))
        // Monday 1 h, Tuesday a holiday, Wednesday 1 h.
        #expect(calendar.adding(workingSeconds: 2 * Self.hour, to: instant("2026-11-30T15:00:00Z")) == instant("2026-12-02T09:00:00Z"))
        #expect(calendar.deadline(from: instant("2026-11-29T12:00:00Z"), limit: TimeLimit(amount: 1, unit: .workingDays))
                == instant("2026-11-30T12:00:00Z"))
        #expect(calendar.workingSeconds(from: instant("2026-11-26T00:00:00Z"), to: instant("2026-12-03T00:00:00Z")) == 4 * 28_800)
        #expect(calendar.localDate(of: instant("2026-11-29T23:59:59Z")) == day("2026-11-29"))
    }

    @Test("a calendar west of Greenwich counts in its own local time")
    func handBuiltWestern() throws {
        let calendar = try WorkCalendar(utcOffsetSeconds: -5 * 3600, workPeriods: [WorkPeriod(startMinute: 9 * 60, endMinute: 17 * 60)])
        #expect(calendar.weekendDays == [6, 7])
        #expect(calendar.holidays.isEmpty && calendar.makeUpWorkdays.isEmpty)
        #expect(calendar.localDate(of: instant("2026-11-30T03:00:00Z")) == day("2026-11-29"))
        // Friday 16:00 local (21:00Z) + 2 h: 1 h on Friday, Monday 09:00 + 1 h local = 15:00Z.
        #expect(calendar.adding(workingSeconds: 2 * Self.hour, to: instant("2026-11-27T21:00:00Z")) == instant("2026-11-30T15:00:00Z"))
        #expect(calendar.workingSeconds(from: instant("2026-11-27T21:00:00Z"), to: instant("2026-11-30T15:00:00Z")) == 7200)
    }

    @Test("a round-the-clock calendar with no weekend is plain time")
    func roundTheClock() throws {
        let calendar = try WorkCalendar(utcOffsetSeconds: 3600, workPeriods: [WorkPeriod(startMinute: 0, endMinute: 1440)], weekendDays: [])
        #expect(calendar.workdaySeconds == 86_400)
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<100 {
            let start = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 1_700_000_000...1_800_000_000, using: &rng)))
            let seconds = Int64.random(in: 0...(10 * 86_400), using: &rng)
            #expect(calendar.adding(workingSeconds: seconds, to: start) == start.addingTimeInterval(TimeInterval(seconds)))
            #expect(calendar.workingSeconds(from: start, to: start.addingTimeInterval(TimeInterval(seconds))) == seconds)
        }
    }

    @Test("a make-up workday overrides both the weekend and a holiday on the same day")
    func makeUpOverrides() throws {
        let calendar = try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 540, endMinute: 1020)],
                                        holidays: [day("2026-11-28"), day("2026-11-30")],
                                        makeUpWorkdays: [day("2026-11-28"), day("2026-11-29")])
        #expect(calendar.isWorkday(day("2026-11-28")))
        #expect(calendar.isWorkday(day("2026-11-29")))
        #expect(!calendar.isWorkday(day("2026-11-30")))
        #expect(calendar.isWorkday(day("2026-12-01")))
    }

    // MARK: - Refusals

    @Test("overlapping or unsorted periods are refused; touching ones are fine")
    func periodRefusals() throws {
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod("09:00-12:00")!, WorkPeriod("11:00-13:00")!])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod("13:00-17:00")!, WorkPeriod("09:00-12:00")!])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod("08:00-10:00")!, WorkPeriod("11:00-15:00")!, WorkPeriod("14:00-16:00")!])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [])
        }
        let touching = try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod("09:00-12:00")!, WorkPeriod("12:00-13:00")!])
        #expect(touching.workdaySeconds == 4 * 3600)
        #expect(touching.adding(workingSeconds: 3 * Self.hour + 60, to: instant("2026-11-30T09:00:00Z")) == instant("2026-11-30T12:01:00Z"))
    }

    @Test("a period that ends before it starts is refused")
    func reversedPeriodRefused() {
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 720, endMinute: 540)])
        }
        expectRefusal(.invalid, code: "invalid_field", field: "work_periods") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 1380, endMinute: 1500)])
        }
    }

    @Test("weekend days must be ISO weekdays, and not all seven", arguments: [[0], [8], [6, 7, 0], [1, 2, 3, 4, 5, 6, 7]] as [Set<Int>])
    func weekendRefusals(weekend: Set<Int>) {
        expectRefusal(.invalid, code: "invalid_field", field: "weekend_days") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod("09:00-17:00")!], weekendDays: weekend)
        }
    }

    @Test("the UTC offset must be within ±14 h", arguments: [14 * 3600 + 1, -14 * 3600 - 1, 86_400])
    func offsetRefusals(offset: Int) {
        expectRefusal(.invalid, code: "invalid_field", field: "utc_offset_seconds") { () throws(DomainError) in
            try WorkCalendar(utcOffsetSeconds: offset, workPeriods: [WorkPeriod("09:00-17:00")!])
        }
    }

    @Test("offsets of exactly ±14 h are accepted")
    func offsetLimits() throws {
        #expect(try WorkCalendar(utcOffsetSeconds: 14 * 3600, workPeriods: [WorkPeriod("09:00-17:00")!]).utcOffsetSeconds == 50_400)
        #expect(try WorkCalendar(utcOffsetSeconds: -14 * 3600, workPeriods: [WorkPeriod("09:00-17:00")!]).utcOffsetSeconds == -50_400)
    }

    // MARK: - JSON

    @Test("JSON round trip of the China default")
    func jsonRoundTrip() throws {
        let data = try JSONEncoder().encode(china)
        let decoded = try JSONDecoder().decode(WorkCalendar.self, from: data)
        #expect(decoded == china)
        #expect(decoded.adding(workingSeconds: 7200, to: cst("2026-09-30T16:30:00")) == cst("2026-10-08T10:00:00"))
    }

    @Test("the encoding is stable: day lists sorted, same calendar same bytes")
    func stableEncoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(china)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["utc_offset_seconds"] as? Int == 28_800)
        #expect(object["work_periods"] as? [String] == ["09:00-12:00", "13:30-17:30"])
        #expect(object["weekend_days"] as? [Int] == [6, 7])
        let holidays = try #require(object["holidays"] as? [String])
        #expect(holidays.count == 61)
        #expect(holidays == holidays.sorted())
        #expect(holidays.first == "2025-01-01")
        #expect(holidays.last == "2026-10-07")
        let makeUp = try #require(object["make_up_workdays"] as? [String])
        #expect(makeUp == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                           "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])

        // The same calendar built from differently ordered sets writes the same bytes.
        let copy = try WorkCalendar(utcOffsetSeconds: china.utcOffsetSeconds, workPeriods: china.workPeriods,
                                    weekendDays: Set([7, 6]), holidays: Set(china.holidays.sorted().reversed()),
                                    makeUpWorkdays: Set(china.makeUpWorkdays.sorted().reversed()))
        #expect(try encoder.encode(copy) == data)
    }

    @Test("decoding fills the defaults and checks like the initialiser")
    func decoding() throws {
        let minimal = try JSONDecoder().decode(WorkCalendar.self, from: Data(#"{"utc_offset_seconds": 0, "work_periods": ["08:00-16:00"]}"#.utf8))
        #expect(minimal == (try WorkCalendar(utcOffsetSeconds: 0, workPeriods: [WorkPeriod(startMinute: 480, endMinute: 960)])))
        #expect(minimal.weekendDays == [6, 7])

        let full = try JSONDecoder().decode(WorkCalendar.self, from: Data("""
            {"utc_offset_seconds": 3600, "work_periods": ["08:00-12:00", "13:00-16:00"], "weekend_days": [7],
             "holidays": ["2026-12-25"], "make_up_workdays": ["2026-12-27"]}
            """.utf8))
        #expect(full.weekendDays == [7])
        #expect(full.holidays == [day("2026-12-25")])
        #expect(full.makeUpWorkdays == [day("2026-12-27")])
        #expect(full.workdaySeconds == 7 * 3600)

        do {
            _ = try JSONDecoder().decode(WorkCalendar.self, from: Data(#"{"utc_offset_seconds": 0, "work_periods": ["09:00-12:00", "11:00-13:00"]}"#.utf8))
            Issue.record("overlapping periods decoded")
        } catch let error as DomainError {
            #expect(error.code == "invalid_field")
            #expect(error.field == "work_periods")
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkCalendar.self, from: Data(#"{"utc_offset_seconds": 0, "work_periods": ["9-12"]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkCalendar.self, from: Data(#"{"utc_offset_seconds": 0, "work_periods": ["09:00-12:00"], "holidays": ["2026-02-29"]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkCalendar.self, from: Data(#"{"work_periods": ["09:00-12:00"]}"#.utf8))
        }
    }
}
