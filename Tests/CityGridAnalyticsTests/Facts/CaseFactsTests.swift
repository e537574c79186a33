@testable import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

@Suite struct CaseFactsTests {
    typealias F = TrendsFixture

    @Test func aStepUpdatesTheRowInPlace() {
        var c = F.makeCase(7, at: F.cst("2026-10-31T23:30:00"))
        var facts = F.facts([c])
        #expect(facts.count == 1 && facts.row(ofCase: 7) == 0 && facts.row(ofCase: 8) == nil)
        #expect(facts.day[0] == UInt16(F.day("2026-10-31")), "the local day, not the UTC one")
        #expect(facts.flags[0] & FactFlags.closed.rawValue == 0)
        c.state = .closed
        c.disposedAt = c.reportedAt.addingTimeInterval(7200)
        c.deadlineAt = c.reportedAt.addingTimeInterval(3600)
        c.closedAt = c.reportedAt.addingTimeInterval(9000)
        c.satisfaction = .basicallySatisfied
        c.reworkCount = 3
        c.stageLog.record(.init(stage: "closing", actorID: 42, at: c.closedAt!, dueAt: c.closedAt!.addingTimeInterval(60)))
        facts.upsert(c)
        #expect(facts.count == 1)
        let f = FactFlags(rawValue: facts.flags[0])
        #expect(f.isSuperset(of: [.closed, .disposed, .reworked, .reworked3, .answered, .basicallySatisfied]))
        #expect(!f.contains(.disposedOnTime) && !f.contains(.open))
        #expect(facts.disposalSeconds[0] == 7200 && facts.closureSeconds[0] == 9000 && facts.satisfaction[0] == 9)
        let closing = facts.dimensions.stages.firstIndex(of: "closing")!
        #expect(f.contains(.stageDone(closing)) && f.contains(.stageOnTime(closing)))
        #expect(facts.dimensions.people[Int(facts.stageActor[closing][0])] == 42)
    }

    @Test func clusteringPutsEachMonthInOneRunAndKeepsRowsFindable() {
        let months = ["2026-10-05T10:00:00", "2026-09-05T10:00:00", "2026-10-06T10:00:00", "2026-08-01T00:30:00", "2026-09-30T23:59:00"]
        let cases = months.enumerated().map { F.makeCase(Int64($0 + 1), at: F.cst($1)) }
        var facts = F.facts(cases)
        #expect(facts.monthRuns.reduce(0) { $0 + $1.count } == 5)
        facts.clusterByMonth()
        #expect(facts.monthRuns.filter { !$0.isEmpty }.allSatisfy { $0.count == 1 })
        #expect(facts.caseID == [4, 2, 5, 1, 3])
        for c in cases {
            let row = facts.row(ofCase: c.id)!
            #expect(facts.caseID[row] == c.id.rawValue && facts.reported[row] == CaseFacts.seconds(c.reportedAt))
        }
    }

    /// Ten clock stages since claims (each 8 B a case: its first and last actor), and the room the
    /// columns keep for growth: at most 160 B a case here; about 137 B at a million.
    @Test func aHundredThousandCasesTakeAtMostOneHundredSixtyBytesEach() {
        var facts = CaseFacts(dimensions: FactDimensions(city: F.city, users: []))
        let start = F.cst("2025-01-01T00:00:00")
        for i in 0..<100_000 {
            var c = F.makeCase(Int64(i + 1), at: start.addingTimeInterval(Double(i) * 300), department: "D-WATER", closedAfterHours: 30)
            c.stageLog.record(.init(stage: "intake", actorID: 3, at: c.reportedAt, dueAt: nil))
            facts.upsert(c)
        }
        #expect(Double(facts.memoryBytes) / Double(facts.count) <= 160)
    }

    @Test func ranksShareTiesAndLeaveUnratedLast() {
        func row(_ code: String, _ composite: Double?) -> EvaluationReport.Row {
            .init(code: code, name: LocalizedText(zh: code, en: code), figures: [], deductions: [], composite: composite, grade: nil, rank: nil,
                  previousComposite: nil, cases: 1)
        }
        var rows = [row("a", 80), row("b", nil), row("c", 90), row("d", 80), row("e", 70)]
        Evaluator.rank(&rows)
        #expect(rows.map(\.code) == ["c", "a", "d", "e", "b"])
        #expect(rows.map(\.rank) == [1, 2, 2, 4, nil])
    }
}
