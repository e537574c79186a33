import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

@Suite struct ISOWeekTests {
    typealias F = TrendsFixture

    @Test(arguments: [
        ("2026-01-01", "2026-W01"), ("2026-01-29", "2026-W05"), ("2026-12-28", "2026-W53"),
        ("2026-12-31", "2026-W53"), ("2027-01-01", "2026-W53"), ("2027-01-03", "2026-W53"),
        ("2027-01-04", "2027-W01"), ("2024-12-30", "2025-W01"), ("2025-12-29", "2026-W01"),
        ("2021-01-03", "2020-W53"), ("2020-01-01", "2020-W01"), ("2023-01-01", "2022-W52"),
    ])
    func weeksAroundNewYear(day: String, label: String) {
        #expect(ISOWeek(F.date(day)).description == label)
    }

    @Test func mondays() {
        #expect(ISOWeek(year: 2026, week: 53).monday == F.date("2026-12-28"))
        #expect(ISOWeek(year: 2027, week: 1).monday == F.date("2027-01-04"))
        #expect(ISOWeek(year: 2025, week: 1).monday == F.date("2024-12-30"))
        #expect(ISOWeek(year: 2026, week: 5).monday == F.date("2026-01-26"))
    }

    /// Every day from 2019 to 2031 against Foundation's ISO 8601 calendar.
    @Test func agreesWithFoundation() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let first = F.date("2019-01-01").dayNumber, last = F.date("2031-12-31").dayNumber
        var mismatches = 0
        for n in first...last {
            let date = LocalDate(dayNumber: n)
            let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date(timeIntervalSince1970: Double(n) * 86_400))
            let week = ISOWeek(date)
            if week.year != c.yearForWeekOfYear || week.week != c.weekOfYear || week.monday.dayNumber > n || n - week.monday.dayNumber > 6 {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }
}
