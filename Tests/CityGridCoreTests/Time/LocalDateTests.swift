import CityGridCore
import Foundation
import Testing

@Suite("LocalDate")
struct LocalDateTests {
    @Test("known days and their numbers")
    func knownDays() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(LocalDate(year: 2026, month: 11, day: 29)?.dayNumber == 20_786)
        #expect(LocalDate(dayNumber: 20_786).description == "2026-11-29")
        #expect(LocalDate(dayNumber: 20_786).compact == "20261129")
        #expect(LocalDate(dayNumber: -25_567).description == "1900-01-01")
        #expect(LocalDate(dayNumber: 0).adding(days: 59).description == "1970-03-01")
        #expect(LocalDate(dayNumber: 10).adding(days: -11).description == "1969-12-31")
    }

    /// Walks every day of 1900...2100 with a naive calendar written here, and checks components,
    /// construction, formatting, parsing and weekday against it.
    @Test("round trips every day from 1900 to 2100 against a naive day walk")
    func everyDayFrom1900To2100() {
        func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        func length(_ y: Int, _ m: Int) -> Int { [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] }
        var (y, m, d) = (1900, 1, 1)
        var number = -25_567
        var weekday = 1 // 1900-01-01 was a Monday.
        var failures = 0
        while y <= 2100 {
            let date = LocalDate(dayNumber: number)
            let c = date.components
            let text = "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
            if c != (y, m, d) || LocalDate(year: y, month: m, day: d)?.dayNumber != number || date.weekday != weekday
                || date.description != text || LocalDate(text) != date {
                failures += 1
                if failures <= 5 { Issue.record("day \(number): expected \(text) weekday \(weekday), got \(date) \(c) weekday \(date.weekday)") }
            }
            number += 1
            weekday = weekday % 7 + 1
            d += 1
            if d > length(y, m) { d = 1; m += 1 }
            if m > 12 { m = 1; y += 1 }
        }
        #expect(failures == 0)
        #expect(number == LocalDate(year: 2101, month: 1, day: 1)?.dayNumber)
    }

    @Test("round trips far from the epoch, both ways")
    func farRoundTrips() {
        for number in stride(from: -1_000_000, through: 1_000_000, by: 997) {
            let c = LocalDate(dayNumber: number).components
            #expect(LocalDate(year: c.year, month: c.month, day: c.day)?.dayNumber == number)
        }
        #expect(LocalDate(year: 1600, month: 2, day: 29)?.description == "1600-02-29")
        #expect(LocalDate(year: 0, month: 3, day: 1).map { [$0.components.year, $0.components.month, $0.components.day] } == [0, 3, 1])
        let newYear = LocalDate(year: -1, month: 12, day: 31)?.adding(days: 1)
        #expect(newYear.map { [$0.components.year, $0.components.month, $0.components.day] } == [0, 1, 1])
    }

    @Test("leap days: 2024-02-29 and 2000-02-29 exist, 2026-02-29 and 1900-02-29 do not")
    func leapDays() {
        #expect(LocalDate("2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate("2024-02-29")?.adding(days: 1).description == "2024-03-01")
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("1900-02-29") == nil)
        #expect(LocalDate("2100-02-29") == nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate("2026-02-28")?.adding(days: 1).description == "2026-03-01")
        #expect(day("2025-01-01").dayNumber - day("2024-01-01").dayNumber == 366)
        #expect(day("2027-01-01").dayNumber - day("2026-01-01").dayNumber == 365)
    }

    @Test("ISO weekdays: Monday 1 ... Sunday 7", arguments: [
        ("2026-11-29", 7), ("2026-11-30", 1), ("2026-11-27", 5), ("2026-11-28", 6), ("1970-01-01", 4),
        ("2024-02-29", 4), ("2026-10-10", 6), ("2026-09-20", 7), ("1969-12-28", 7), ("1969-12-29", 1), ("2000-01-01", 6),
    ])
    func weekdays(text: String, weekday: Int) {
        #expect(day(text).weekday == weekday)
    }

    @Test("refuses texts that are not yyyy-MM-dd or days that do not exist", arguments: [
        "", "2026", "2026-11", "2026-11-29-01", "2026-1-29", "2026-11-9", "26-11-29", "02026-11-29", "2026/11/29",
        "2026-11-29T00", " 2026-11-29", "2026-11-29 ", "2026-00-10", "2026-13-01", "2026-01-00", "2026-01-32",
        "2026-04-31", "2026-06-31", "2026-02-30", "abcd-ef-gh", "2026--1-01", "2026-11-", "-2026-11-29",
    ])
    func parseRefusals(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("refuses out-of-range components")
    func componentRefusals() {
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 0) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 32) == nil)
        #expect(LocalDate(year: 2026, month: 9, day: 31) == nil)
    }

    @Test("signs are not digits: '+1' is not a two-digit month")
    func refusesSignedFields() {
        #expect(LocalDate("2026-+1-01") == nil)
        #expect(LocalDate("2026-01-+1") == nil)
        #expect(LocalDate("+026-01-01") == nil)
    }

    @Test("orders by day and codes as yyyy-MM-dd")
    func orderAndCoding() throws {
        #expect(day("2026-02-28") < day("2026-03-01"))
        #expect([day("2026-03-01"), day("2025-12-31"), day("2026-01-01")].sorted().map(\.description)
                == ["2025-12-31", "2026-01-01", "2026-03-01"])
        let data = try JSONEncoder().encode([day("2026-11-29")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-29"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [day("2026-11-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }
}
