import CityGridAnalytics
import CityGridCore
import Foundation
import Testing

@Suite struct GridStatusTests {
    typealias F = TrendsFixture

    static let now = F.cst("2026-03-10T12:00:00")

    /// Open cases in g1 and g2 with every light, and cases that must not count.
    static var cases: [Case] {
        var overdue = F.makeCase(1, at: F.cst("2026-03-01T09:00:00"), grid: F.g1, department: "D-SANITATION", state: .dispatched)
        overdue.dispatchedAt = F.cst("2026-03-01T10:00:00")
        overdue.deadlineAt = F.cst("2026-03-09T10:00:00")  // past at `now`
        var warned = F.makeCase(2, at: F.cst("2026-03-09T09:00:00"), grid: F.g1, department: "D-WATER", state: .dispatched)
        warned.dispatchedAt = F.cst("2026-03-09T10:00:00")
        warned.deadlineAt = F.cst("2026-03-11T10:00:00")
        warned.alertLevel = .warned
        let open = F.makeCase(3, at: F.cst("2026-03-10T09:00:00"), grid: F.g2, state: .reported)
        let closed = F.makeCase(4, at: F.cst("2026-03-02T09:00:00"), grid: F.g2, closedAfterHours: 5)
        var merged = F.makeCase(5, at: F.cst("2026-03-10T09:30:00"), grid: F.g2, state: .merged)
        merged.parentCaseID = 3
        let foreign = F.makeCase(6, at: F.cst("2026-03-10T10:00:00"), grid: F.foreignGrid, state: .reported)
        return [overdue, warned, open, closed, merged, foreign]
    }

    func status(_ filter: FactFilter = .all, _ visibility: CaseVisibility = .all) -> GridStatus {
        let facts = F.facts(Self.cases)
        return GridStatus.count(facts, filter: filter, access: FactAccess(visibility, facts), now: Self.now)
    }

    @Test func eachOpenCaseCountsOnceByItsWorstLight() {
        let s = status()
        #expect(s.grids[F.region(F.g1)] == GridStatus.Counts(open: 2, warned: 1, overdue: 1))
        // Closed, merged and a grid the city does not have are not counted.
        #expect(s.grids[F.region(F.g2)] == GridStatus.Counts(open: 1, warned: 0, overdue: 0))
        #expect(s.grids.count == 2 && s.total == GridStatus.Counts(open: 3, warned: 1, overdue: 1))
    }

    @Test func theFilterChoosesPeriodCategoryAndBody() {
        #expect(status(FactFilter(from: F.date("2026-03-09"), until: F.date("2026-03-11"))).total == GridStatus.Counts(open: 2, warned: 1, overdue: 0))
        var water = FactFilter.all
        water.department = "D-WATER"
        #expect(status(water).grids == [F.region(F.g1): GridStatus.Counts(open: 1, warned: 1, overdue: 0)])
        var components = FactFilter.all
        components.category = CategoryPrefix("C01")
        #expect(status(components).grids.isEmpty)
    }

    @Test func onlyWhatTheCallerMayReadIsCounted() {
        #expect(status(.all, CaseVisibility(organisations: ["D-SANITATION"])).total == GridStatus.Counts(open: 1, warned: 0, overdue: 1))
        #expect(status(.all, CaseVisibility(regions: [F.region(F.g2)])).grids.keys.map(\.rawValue) == [F.g2])
        #expect(status(.all, CaseVisibility(regions: [F.region("910101001")])).total.open == 3)
        #expect(status(.all, CaseVisibility()).grids.isEmpty)
        // A body the table has never seen sees nothing, rather than everything.
        #expect(status(.all, CaseVisibility(organisations: ["D-NONE"])).grids.isEmpty)
    }

    @Test func aGridsCasesComeNewestFirstBelowTheCursor() {
        let facts = F.facts(Self.cases)
        #expect(facts.caseIDs(inGrid: F.region(F.g2)).map(\.rawValue) == [5, 4, 3])
        #expect(facts.caseIDs(inGrid: F.region(F.g2), before: 5).map(\.rawValue) == [4, 3])
        #expect(facts.caseIDs(inGrid: F.region(F.foreignGrid)).isEmpty)
    }
}
