import CityGridAnalytics
import CityGridCore
import Testing

@Suite struct TimeToCloseTests {
    typealias F = TrendsFixture

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 }

    /// E0102 for sanitation: 1 to 10 hours; C0101 for water: 30, 50, 100, 200 hours; E0101 closed on the
    /// spot in half an hour; an open case and one closed in April that the filters below leave out.
    static let cases: [Case] =
        (1...10).map { F.makeCase(Int64($0), at: F.cst("2026-03-0\($0 % 9 + 1)T10:00:00"), category: "E0102", department: "D-SANITATION",
                                  closedAfterHours: Double($0)) }
        + [30.0, 50, 100, 200].enumerated().map { i, h in
            F.makeCase(Int64(20 + i), at: F.cst("2026-03-15T22:00:00"), category: "C0101", department: "D-WATER", closedAfterHours: h)
        }
        + [F.makeCase(30, at: F.cst("2026-03-20T08:00:00"), category: "E0101", closedAfterHours: 0.5),
           F.makeCase(31, at: F.cst("2026-03-20T08:00:00"), category: "E0101", department: "D-SANITATION"),
           F.makeCase(32, at: F.cst("2026-04-02T08:00:00"), category: "E0102", department: "D-SANITATION", closedAfterHours: 1000)]

    static let march = FactFilter(period: EvaluationPeriod("2026-03")!)

    @Test func nearestRankPercentilesPerCategory() throws {
        let t = TimeToClose(facts: F.facts(Self.cases), filter: Self.march)
        #expect(t.byCategory.map(\.code) == ["C0101", "E0101", "E0102"])
        let garbage = t.byCategory[2].stats
        #expect(garbage.count == 10 && close(garbage.meanHours, 5.5))
        // Ranks ⌈0.5·10⌉ = 5, ⌈0.9·10⌉ = 9, ⌈0.95·10⌉ = 10.
        #expect(garbage.medianHours == 5 && garbage.p90Hours == 9 && garbage.p95Hours == 10 && garbage.maxHours == 10)
        // 4 hours goes to 4-8 h.
        #expect(garbage.histogram == [3, 4, 3, 0, 0, 0, 0])
        let covers = t.byCategory[0].stats
        #expect(covers.count == 4 && close(covers.meanHours, 95))
        #expect(covers.medianHours == 50 && covers.p90Hours == 200 && covers.p95Hours == 200 && covers.maxHours == 200)
        #expect(covers.histogram == [0, 0, 0, 1, 1, 1, 1])
        let spot = t.byCategory[1].stats
        #expect(spot.count == 1 && spot.medianHours == 0.5 && spot.p95Hours == 0.5 && spot.histogram == [1, 0, 0, 0, 0, 0, 0])
    }

    @Test func overallAndPerDepartment() {
        let t = TimeToClose(facts: F.facts(Self.cases), filter: Self.march)
        // 0.5, 1…10, 30, 50, 100, 200: ranks 8, 14, 15.
        #expect(t.overall.count == 15 && close(t.overall.meanHours, 435.5 / 15))
        #expect(t.overall.medianHours == 7 && t.overall.p90Hours == 100 && t.overall.p95Hours == 200 && t.overall.maxHours == 200)
        #expect(t.overall.histogram == [4, 4, 3, 1, 1, 1, 1])
        #expect(t.byDepartment.map(\.code) == ["", "D-SANITATION", "D-WATER"])
        #expect(t.byDepartment.map(\.stats.count) == [1, 10, 4])
        #expect(t.byDepartment[2].stats == t.byCategory[0].stats)
    }

    @Test func filtersAndEmptyGroups() {
        let facts = F.facts(Self.cases)
        let all = TimeToClose(facts: facts)
        #expect(all.overall.count == 16 && all.overall.maxHours == 1000 && all.overall.histogram.last == 2)
        var water = Self.march
        water.department = "D-WATER"
        let w = TimeToClose(facts: facts, filter: water)
        #expect(w.overall.count == 4 && w.byCategory.map(\.code) == ["C0101"] && w.byDepartment.map(\.code) == ["D-WATER"])
        let none = TimeToClose(facts: facts, filter: FactFilter(period: EvaluationPeriod("2026-05")!))
        #expect(none.overall == DurationStats.empty && none.byCategory.isEmpty && none.byDepartment.isEmpty)
        #expect(DurationStats.binLabels.count == 7)
        #expect(DurationStats.binLabels[2] == LocalizedText(zh: "8-24小时", en: "8-24 h"))
        #expect(DurationStats.binLabels[6] == LocalizedText(zh: "168小时以上", en: "over 168 h"))
    }
}
