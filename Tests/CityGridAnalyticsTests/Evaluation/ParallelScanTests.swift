import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

/// A scan large enough to be split across the cores gives the figures counted one case at a time.
@Suite struct ParallelScanTests {
    typealias F = TrendsFixture

    @Test func aSplitScanEqualsACountByHand() throws {
        let departments = ["D-WATER", "D-SANITATION", "D-GREEN"]
        let start = F.cst("2026-01-01T00:00:00")
        var cases: [Case] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<240_000 {
            var c = F.makeCase(Int64(i + 1), at: start.addingTimeInterval(Double(i) * 97), department: departments[i % 3])
            if Int.random(in: 0..<10, using: &rng) < 8 {
                c.disposedAt = c.reportedAt.addingTimeInterval(Double(Int.random(in: 60...200_000, using: &rng)))
                c.deadlineAt = c.reportedAt.addingTimeInterval(86_400)
                if Bool.random(using: &rng) { c.closedAt = c.disposedAt!.addingTimeInterval(600); c.state = .closed }
            }
            if Int.random(in: 0..<20, using: &rng) == 0 { c.reworkCount = 1 }
            cases.append(c)
        }
        let facts = F.facts(cases)
        let rules = try RuleSetParser(stages: F.city.workflow.stageNames).parse(RuleSetPresets.basic, source: "basic")
        let quarter = try #require(EvaluationPeriod("2026"))
        let report = try Evaluator(city: F.city, users: []).evaluate(rules, subject: .department, period: quarter, facts: facts)
        let offset = 8.0 * 3600
        for department in departments {
            let mine = cases.filter {
                $0.departmentCode?.rawValue == department && LocalDate(dayNumber: Int((($0.reportedAt.timeIntervalSince1970 + offset) / 86_400).rounded(.down))) < quarter.end
            }
            let disposed = mine.filter { $0.disposedAt != nil }
            let row = try #require(report.rows.first { $0.code == department })
            #expect(row.cases == Int64(mine.count))
            #expect(row.figures[1].value == Double(mine.filter { $0.closedAt != nil }.count) / Double(mine.count))
            #expect(row.figures[2].value == Double(disposed.filter { $0.disposedAt! <= $0.deadlineAt! }.count) / Double(disposed.count))
            #expect(row.figures[3].value == Double(mine.filter { $0.reworkCount > 0 }.count) / Double(mine.count))
            let hours = disposed.reduce(0.0) { $0 + ($1.disposedAt!.timeIntervalSince1970.rounded(.down) - $1.reportedAt.timeIntervalSince1970.rounded(.down)) }
                / Double(disposed.count) / 3600
            #expect(abs(row.figures[4].value! - hours) < 1e-9 * hours)
        }
        #expect(report.rows.reduce(0) { $0 + $1.cases } > 200_000, "enough rows for the scan to be split")
    }
}
