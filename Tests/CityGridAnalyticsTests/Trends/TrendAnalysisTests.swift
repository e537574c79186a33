import CityGridAnalytics
import CityGridCore
import Testing

@Suite struct TrendAnalysisTests {
    typealias F = TrendsFixture

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { a.map { abs($0 - b) <= tolerance } ?? false }

    /// Two weeks across New Year 2027 in UTC+8: Monday 2026-12-28 to Sunday 2027-01-10.
    static let newYear: [Case] = [
        F.makeCase(1, at: F.instant("2026-12-27T16:00:00Z")),  // Mon 12-28 00:00 local
        F.makeCase(2, at: F.instant("2026-12-31T15:30:00Z")),  // Thu 12-31 23:30
        F.makeCase(3, at: F.instant("2026-12-31T16:30:00Z")),  // Fri 2027-01-01 00:30
        F.makeCase(4, at: F.instant("2027-01-04T01:00:00Z")),  // Mon 01-04 09:00
        F.makeCase(5, at: F.instant("2027-01-04T02:00:00Z"), category: "C0101"),  // Mon 01-04 10:00
        F.makeCase(6, at: F.instant("2027-01-10T12:00:00Z")),  // Sun 01-10 20:00
        F.makeCase(7, at: F.instant("2027-01-10T16:00:00Z")),  // Mon 01-11 00:00: after the range
        F.makeCase(8, at: F.instant("2026-12-27T15:59:59Z")),  // Sun 12-27 23:59:59: before it
    ]

    static let twoWeeks = FactFilter(from: F.date("2026-12-28"), until: F.date("2027-01-11"))

    @Test func volumesByLocalDayWeekMonthWeekdayAndHour() {
        let t = TrendAnalysis(facts: F.facts(Self.newYear), filter: Self.twoWeeks)
        #expect(t.total == 6)
        #expect(t.daily.labels.count == 14 && t.daily.labels.first == "2026-12-28" && t.daily.labels.last == "2027-01-10")
        #expect(t.daily.counts == [1, 0, 0, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 1])
        #expect(t.weekly == VolumeSeries(labels: ["2026-W53", "2027-W01"], counts: [3, 3]))
        #expect(t.monthly == VolumeSeries(labels: ["2026-12", "2027-01"], counts: [2, 4]))
        #expect(t.byWeekday == [3, 0, 0, 1, 1, 0, 1])
        var hours = [Int](repeating: 0, count: 24)
        hours[0] = 2; hours[9] = 1; hours[10] = 1; hours[20] = 1; hours[23] = 1
        #expect(t.byHour == hours)
        #expect(TrendAnalysis.weekdayNames[6] == LocalizedText(zh: "周日", en: "Sun"))
    }

    @Test func seasonalityIndicesAreMeansOverTheMean() {
        let s = TrendAnalysis(facts: F.facts(Self.newYear), filter: Self.twoWeeks).seasonality
        // 6 cases over 14 days: 3/7 a day. Mondays: 3 cases over 2 days → 1.5 / (3/7) = 3.5.
        #expect(close(s.weekday[0], 3.5))
        #expect(close(s.weekday[3], 7.0 / 6) && close(s.weekday[4], 7.0 / 6) && close(s.weekday[6], 7.0 / 6))
        #expect(s.weekday[1] == 0 && s.weekday[2] == 0 && s.weekday[5] == 0)
        // Hours: 6 cases over 24 hours → 0.25 an hour; midnight holds 2 → 8.
        #expect(close(s.hour[0], 8) && close(s.hour[9], 4) && close(s.hour[23], 4) && s.hour[12] == 0)
        #expect(s.monthOfYear == nil)
    }

    @Test func linearTrendOfTheDailySeries() {
        let trend = TrendAnalysis(facts: F.facts(Self.newYear), filter: Self.twoWeeks).trend
        // Σ(x − 6.5)·y = −5, Σ(x − 6.5)² = 227.5: slope −2/91, intercept 3/7 + 6.5·2/91 = 4/7.
        #expect(close(trend.slopePerDay, -2.0 / 91))
        #expect(close(trend.intercept, 4.0 / 7))
        #expect(close(trend.relativeChange, -0.5))
        // r² = Sxy² / (Sxx·Syy), Syy = Σy² − n·ȳ² = 8 − 36/14.
        #expect(close(trend.rSquared, 25 / (227.5 * (8 - 36.0 / 14))))
    }

    @Test func filterNarrowsTheCounts() {
        var filter = Self.twoWeeks
        filter.kind = .component
        let t = TrendAnalysis(facts: F.facts(Self.newYear), filter: filter)
        #expect(t.total == 1 && t.byHour[10] == 1 && t.weekly.counts == [0, 1])
    }

    @Test func monthOfYearOverAWholeYear() {
        // Every day of January 2026 once, and 1 July.
        var cases = (1...31).map { F.makeCase(Int64($0), at: F.cst("2026-01-\($0 < 10 ? "0" : "")\($0)T12:00:00")) }
        cases.append(F.makeCase(40, at: F.cst("2026-07-01T12:00:00")))
        let t = TrendAnalysis(facts: F.facts(cases), filter: FactFilter(period: EvaluationPeriod("2026")!))
        #expect(t.daily.counts.count == 365)
        #expect(t.weekly.labels.count == 53 && t.weekly.labels.first == "2026-W01" && t.weekly.labels.last == "2026-W53")
        // 2026-W01 is Thursday 1 to Sunday 4 January: 4 cases; W05 is 26 January to 1 February: 6;
        // W53 is 28 to 31 December.
        #expect(t.weekly.counts.first == 4 && t.weekly.counts[4] == 6 && t.weekly.counts.last == 0)
        #expect(t.monthly.labels == (1...12).map { "2026-\($0 < 10 ? "0" : "")\($0)" })
        #expect(t.monthly.counts == [31, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        let months = t.seasonality.monthOfYear ?? []
        #expect(months.count == 12)
        // 32 cases over 365 days; January: 1 a day → 365/32; July: 1/31 a day.
        #expect(close(months.first, 365.0 / 32) && close(months[6], 365.0 / (31 * 32)) && months[1] == 0)
        #expect(TrendAnalysis.monthNames[6] == LocalizedText(zh: "7月", en: "Jul"))
        // One day short of a year: no month-of-year indices.
        let short = TrendAnalysis(facts: F.facts(cases), filter: FactFilter(from: F.date("2026-01-01"), until: F.date("2026-12-31")))
        #expect(short.seasonality.monthOfYear == nil)
    }

    @Test func emptyRangeAndNoCases() {
        let empty = TrendAnalysis(facts: F.facts([]), filter: Self.twoWeeks)
        #expect(empty.total == 0 && empty.daily.counts == Array(repeating: 0, count: 14))
        #expect(empty.seasonality.weekday == Array(repeating: 0, count: 7) && empty.seasonality.hour.allSatisfy { $0 == 0 })
        #expect(empty.trend.slopePerDay == 0 && empty.trend.relativeChange == nil && empty.trend.rSquared == nil)
        let none = TrendAnalysis(facts: F.facts(Self.newYear), filter: FactFilter(days: 10..<10))
        #expect(none.total == 0 && none.daily.counts.isEmpty && none.weekly.labels.isEmpty)
    }

    @Test func linearTrendFits() {
        let up = LinearTrend(fitting: [2, 4, 6, 8])
        #expect(close(up.slopePerDay, 2) && close(up.intercept, 2) && close(up.relativeChange, 3) && close(up.rSquared, 1))
        let flat = LinearTrend(fitting: [3, 3, 3])
        #expect(flat.slopePerDay == 0 && close(flat.intercept, 3) && flat.relativeChange == 0 && flat.rSquared == nil)
        let down = LinearTrend(fitting: [0, 0, 0, 3])
        // x̄ = 1.5, ȳ = 0.75, Sxy = 4.5, Sxx = 5: slope 0.9, intercept −0.6: no relative change.
        #expect(close(down.slopePerDay, 0.9) && close(down.intercept, -0.6) && down.relativeChange == nil)
        #expect(LinearTrend(fitting: [5]).intercept == 5 && LinearTrend(fitting: []).relativeChange == nil)
    }
}
