import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

@Suite struct RecurringProblemsTests {
    typealias F = TrendsFixture

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { a.map { abs($0 - b) <= tolerance } ?? false }

    /// Cases per month of January to June 2026 for a category in a grid.
    static func series(_ category: String, _ grid: String, _ monthly: [Int], firstID: Int64, state: CaseState? = nil) -> [Case] {
        var out: [Case] = [], id = firstID
        for (k, n) in monthly.enumerated() {
            for i in 0..<n {
                out.append(F.makeCase(id, at: F.cst("2026-0\(k + 1)-\(10 + i % 18)T10:00:00"), category: category, grid: grid, state: state))
                id += 1
            }
        }
        return out
    }

    /// The window January to June 2026, for July:
    /// - G, E0102 in subdistrict 910101001 (grid g1), growing: 2 4 6 8 10 20;
    /// - F, E0101 in 910101002 (g4), flat: 8 a month;
    /// - X, C0101 in 910102001 (g5), small and fading: 1 1 1 1 1 0;
    /// - Y, E0101 in 910101001 (g1), 1 in January and June: too few to rank;
    /// - not counted: invalidated cases of G, a case in a grid the city lacks, a case in July.
    static let cases: [Case] =
        series("E0102", F.g1, [2, 4, 6, 8, 10, 20], firstID: 1000)
        + series("E0101", F.g4, [8, 8, 8, 8, 8, 8], firstID: 2000)
        + series("C0101", F.g5, [1, 1, 1, 1, 1, 0], firstID: 3000)
        + series("E0101", F.g1, [1, 0, 0, 0, 0, 1], firstID: 4000)
        + series("E0102", F.g1, [7, 0, 0, 0, 0, 0], firstID: 5000, state: .invalidated)
        + series("E0102", F.foreignGrid, [0, 0, 0, 0, 0, 9], firstID: 6000)
        + [F.makeCase(7000, at: F.cst("2026-07-01T00:00:00"), category: "C0101", grid: F.g5)]

    @Test func theGrowingCombinationRanksFirst() throws {
        let report = RecurringProblems(facts: F.facts(Self.cases), forYear: 2026, month: 7, city: F.city)
        #expect(report.month == "2026-07")
        #expect(report.months == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"])
        #expect(report.level == "subdistrict")
        #expect(report.totalCases == 105)
        #expect(report.candidates == 3)
        // Each month's top 10 %: the first ⌈0.1 n⌉ combinations, with ties.
        #expect(report.topThresholds == [8, 8, 8, 8, 10, 20])
        #expect(report.themes.map(\.category) == ["E0102", "E0101", "C0101"])
        #expect(report.themes.map(\.region) == ["910101001", "910101002", "910102001"])
        #expect(report.themes.map(\.rank) == [1, 2, 3])

        let g = report.themes[0]
        #expect(g.monthly == [2, 4, 6, 8, 10, 20] && g.volume == 50)
        #expect(close(g.growth, 20.0 / 6))
        #expect(g.recurrence == 3)  // April (tied with F at 8), May, June
        #expect(close(g.share, 50.0 / 105) && close(g.shareInRegion, 50.0 / 52))
        // mean(8, 10, 20) × (1 + 0.5 × (20/6 − 1)) = 38/3 × 13/6.
        #expect(close(g.forecast, 38.0 / 3 * 13 / 6))
        #expect(g.title == LocalizedText(zh: "新华街道：暴露垃圾", en: "Exposed garbage in Xinhua subdistrict"))
        // z-scores over X, F, G of ln(1 + volume), ln((last + 1)/(earlier mean + 1)), recurrence share.
        #expect(close(g.volumeZ, 0.7270242358286508) && close(g.growthZ, 1.3060295567880127) && close(g.recurrenceZ, 0.3922322702763683))
        #expect(close(g.score, 2.425286062893032))

        let f = report.themes[1]
        #expect(f.volume == 48 && close(f.growth, 1) && f.recurrence == 4 && close(f.forecast, 8) && close(f.shareInRegion, 1))
        #expect(close(f.score, 1.4843696799864963))
        let x = report.themes[2]
        #expect(x.volume == 5 && close(x.growth, 0) && x.recurrence == 0 && close(x.forecast, 1.0 / 3))
        #expect(close(x.score, -3.909655742879528))
        #expect(x.title == LocalizedText(zh: "910102001：井盖", en: "Manhole cover in 910102001"))
    }

    @Test func optionsChangeLevelCountAndWeights() {
        let facts = F.facts(Self.cases)
        // By district, Y joins F (both E0101 in 910101).
        let districts = RecurringProblems(facts: facts, forYear: 2026, month: 7, options: .init(level: .district), city: F.city)
        #expect(districts.level == "district")
        #expect(districts.themes.map { "\($0.category)@\($0.region)" } == ["E0102@910101", "E0101@910101", "C0101@910102"])
        #expect(districts.themes[1].monthly == [9, 8, 8, 8, 8, 9])
        #expect(districts.themes[0].title == LocalizedText(zh: "东区：暴露垃圾", en: "Exposed garbage in East district"))
        // Recurrence and volume only: the chronic F comes first.
        let chronic = RecurringProblems(facts: facts, forYear: 2026, month: 7, options: .init(count: 2, growthWeight: 0))
        #expect(chronic.themes.map(\.category) == ["E0101", "E0102"])
        #expect(close(chronic.themes[0].score, 0.6870005285532571 + 0.9805806756909203))
        // A higher bar: only G and F have 10+ cases in the window; F never has 10 in a month.
        let strict = RecurringProblems(facts: facts, forYear: 2026, month: 7, options: .init(minMonthly: 10))
        #expect(strict.candidates == 2 && strict.themes.map(\.recurrence) == [2, 0])
    }

    @Test func topShareRoundsUpAndKeepsTies() {
        // January by grid: ten combinations with 10, 9, 9, 7, 6, 5, 4, 3, 2, 1 cases.
        let counts = [10, 9, 9, 7, 6, 5, 4, 3, 2, 1]
        let grids = [F.g1, F.g2, F.g3, F.g4, F.g5]
        var cases: [Case] = []
        for (i, n) in counts.enumerated() {
            cases += Self.series(i < 5 ? "E0102" : "C0101", grids[i % 5], [n], firstID: Int64(100 * i))
        }
        let facts = F.facts(cases)
        func ranking(_ share: Double) -> RecurringProblems {
            RecurringProblems(facts: facts, forYear: 2026, month: 2, options: .init(months: 1, level: .grid, minMonthly: 1, topShare: share))
        }
        // 10 %: the first. 15 %: ⌈1.5⌉ = 2, and the 9 tied with the second. 25 %: ⌈2.5⌉ = 3.
        #expect(ranking(0.10).topThresholds == [10])
        #expect(ranking(0.15).topThresholds == [9] && ranking(0.15).themes.filter { $0.recurrence == 1 }.count == 3)
        #expect(ranking(0.25).topThresholds == [9] && ranking(0.35).topThresholds == [7])
        #expect(ranking(0.10).themes.map(\.volume) == counts)
    }

    @Test func tiesAreBrokenByCodes() {
        let cases = Self.series("E0101", F.g4, [5, 5, 5, 5, 5, 5], firstID: 1) + Self.series("E0101", F.g1, [5, 5, 5, 5, 5, 5], firstID: 100)
            + Self.series("C0101", F.g4, [5, 5, 5, 5, 5, 5], firstID: 200)
        let report = RecurringProblems(facts: F.facts(cases), forYear: 2026, month: 7)
        #expect(report.themes.map { "\($0.category)@\($0.region)" } == ["C0101@910101002", "E0101@910101001", "E0101@910101002"])
        #expect(report.themes.allSatisfy { $0.score == 0 && $0.recurrence == 6 })
    }

    @Test func windowAcrossNewYearAndEmptyTables() {
        let report = RecurringProblems(facts: F.facts(Self.cases), forYear: 2026, month: 2, options: .init(months: 3))
        #expect(report.months == ["2025-11", "2025-12", "2026-01"] && report.month == "2026-02")
        // January alone: G 2, F 8, X 1, Y 1: only F reaches 5, from nothing before (no growth).
        #expect(report.themes.map(\.category) == ["E0101"] && report.themes[0].monthly == [0, 0, 8])
        #expect(report.themes[0].growth == nil && close(report.themes[0].forecast, 8.0 / 3))
        let empty = RecurringProblems(facts: F.facts([]), forYear: 2020, month: 1)
        #expect(empty.totalCases == 0 && empty.themes.isEmpty && empty.topThresholds == [0, 0, 0, 0, 0, 0])
    }
}
