import CityGridAnalytics
import CityGridCore
import Testing

@Suite struct EvaluationPeriodTests {
    @Test func parsesEveryKindAndFindsThePreviousPeriod() throws {
        let month = try #require(EvaluationPeriod("2026-01"))
        #expect(month.kind == .month && month.start == LocalDate("2026-01-01") && month.end == LocalDate("2026-02-01"))
        #expect(month.previous.description == "2025-12")
        let quarter = try #require(EvaluationPeriod("2026-Q1"))
        #expect(quarter.end == LocalDate("2026-04-01") && quarter.previous.description == "2025-Q4")
        #expect(quarter.months.map(\.description) == ["2026-01", "2026-02", "2026-03"])
        let year = try #require(EvaluationPeriod("2026"))
        #expect(year.end == LocalDate("2027-01-01") && year.previous.description == "2025")
        let range = try #require(EvaluationPeriod("2026-10-01..2026-10-15"))
        #expect(range.end == LocalDate("2026-10-16") && range.previous.description == "2026-09-16..2026-09-30")
        #expect(EvaluationPeriod("2026-12")!.end == LocalDate("2027-01-01"))
    }

    @Test(arguments: ["", "2026-13", "2026-1", "26-10", "2026-Q5", "2026-10-15..2026-10-01", "2026-02-30..2026-03-01", "1999", "x"])
    func refusesMalformedPeriods(text: String) {
        #expect(EvaluationPeriod(text) == nil)
    }
}
