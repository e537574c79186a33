import CityGridAnalytics
import CityGridCore
import Testing

@Suite struct FactFilterTests {
    typealias F = TrendsFixture

    @Test func categoryPrefixesParseMajorMinorAndKind() throws {
        let major = try #require(CategoryPrefix("01"))
        #expect(major.kind == nil && major.major == "01" && major.minor == nil)
        let minor = try #require(CategoryPrefix("E0102"))
        #expect(minor.kind == .event && minor.major == "01" && minor.minor == "02")
        #expect(minor.description == "E0102")
        for bad in ["", "1", "001", "00", "0100", "X01", "E", "e01", "01a2", "010203"] {
            #expect(CategoryPrefix(bad) == nil, "\(bad)")
        }
        #expect(major.matches(F.category("C0101")) && major.matches(F.category("E0102")))
        #expect(!major.matches(F.category("E0201")))
        #expect(try #require(CategoryPrefix("0102")).matches(F.category("C0102")))
        #expect(!minor.matches(F.category("C0102")))
    }

    /// Twelve cases: the id says where each lies.
    static let cases: [Case] = [
        F.makeCase(1, at: F.instant("2026-03-01T15:59:59Z"), category: "E0102", grid: F.g1, department: "D-SANITATION"),  // local 03-01 23:59:59
        F.makeCase(2, at: F.instant("2026-03-01T16:00:00Z"), category: "E0102", grid: F.g2, department: "D-SANITATION"),  // local 03-02 00:00
        F.makeCase(3, at: F.cst("2026-03-02T10:00:00"), category: "E0101", grid: F.g3, department: "D-SANITATION"),
        F.makeCase(4, at: F.cst("2026-03-02T11:00:00"), category: "C0101", grid: F.g4, department: "D-WATER"),
        F.makeCase(5, at: F.cst("2026-03-03T09:00:00"), category: "C0102", grid: F.g5, department: "D-WATER"),
        F.makeCase(6, at: F.cst("2026-03-03T09:30:00"), category: "E0201", grid: F.g1),
        F.makeCase(7, at: F.cst("2026-03-04T12:00:00"), category: "E0102", grid: F.foreignGrid, department: "D-SANITATION"),
        F.makeCase(8, at: F.cst("2026-03-04T13:00:00"), category: "E0102", grid: F.g1, department: "D-SANITATION", state: .invalidated),
        F.makeCase(9, at: F.cst("2026-02-28T23:00:00"), category: "E0102", grid: F.g1, department: "D-SANITATION"),
        // Appended after March, reported in January and April: the walk goes month by month.
        F.makeCase(10, at: F.cst("2026-01-15T08:00:00"), category: "E0102", grid: F.g1),
        F.makeCase(11, at: F.cst("2026-04-01T00:00:00"), category: "E0102", grid: F.g1),
        F.makeCase(12, at: F.cst("2026-01-20T08:00:00"), category: "C0101", grid: F.g4),
    ]

    func ids(_ filter: FactFilter) -> [Int64] {
        let facts = F.facts(Self.cases)
        return F.ids(filter.rows(in: facts), facts)
    }

    @Test func daysAreLocalDaysAroundMidnightUTC() {
        #expect(ids(FactFilter(days: F.day("2026-03-01")..<F.day("2026-03-02"))) == [1])
        #expect(ids(FactFilter(days: F.day("2026-03-02")..<F.day("2026-03-03"))) == [2, 3, 4])
        #expect(ids(FactFilter(from: F.date("2026-02-28"), until: F.date("2026-03-02"))) == [9, 1])
        #expect(ids(FactFilter(days: 100..<100)) == [])
    }

    @Test func visitsMonthByMonthInTableOrder() {
        #expect(ids(.all) == [10, 12, 9, 1, 2, 3, 4, 5, 6, 7, 8, 11])
        #expect(ids(FactFilter(period: EvaluationPeriod("2026-Q1")!)) == [10, 12, 9, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(ids(FactFilter(period: EvaluationPeriod("2026-04")!)) == [11])
        #expect(ids(FactFilter(period: EvaluationPeriod("2026-05")!)) == [])
        #expect(ids(FactFilter(period: EvaluationPeriod("2019")!)) == [])
    }

    @Test func categoryAndKind() {
        let march = F.day("2026-03-01")..<F.day("2026-04-01")
        #expect(ids(FactFilter(days: march, category: CategoryPrefix("01"))) == [1, 2, 3, 4, 5, 7, 8])
        #expect(ids(FactFilter(days: march, category: CategoryPrefix("01"), kind: .component)) == [4, 5])
        #expect(ids(FactFilter(days: march, category: CategoryPrefix("E01"))) == [1, 2, 3, 7, 8])
        #expect(ids(FactFilter(days: march, category: CategoryPrefix("0102"))) == [1, 2, 5, 7, 8])
        #expect(ids(FactFilter(days: march, kind: .event)) == [1, 2, 3, 6, 7, 8])
        #expect(ids(FactFilter(days: march, category: CategoryPrefix("99"))) == [])
    }

    @Test func regionsMatchThroughTheGridChain() {
        let march = F.day("2026-03-01")..<F.day("2026-04-01")
        #expect(ids(FactFilter(days: march, region: F.region("910101"))) == [1, 2, 3, 4, 6, 8])
        #expect(ids(FactFilter(days: march, region: F.region("910101001"))) == [1, 2, 3, 6, 8])
        #expect(ids(FactFilter(days: march, region: F.region("910101001001"))) == [1, 2, 6, 8])
        #expect(ids(FactFilter(days: march, region: F.region(F.g2))) == [2])
        #expect(ids(FactFilter(days: march, region: F.region("910102"))) == [5])
        // The foreign grid's case is in no region, even one whose code prefixes its grid's.
        #expect(ids(FactFilter(days: march, region: F.region("910199"))) == [])
    }

    @Test func departmentsAndFacts() {
        let march = F.day("2026-03-01")..<F.day("2026-04-01")
        #expect(ids(FactFilter(days: march, department: "D-WATER")) == [4, 5])
        #expect(ids(FactFilter(days: march, department: "")) == [6])
        #expect(ids(FactFilter(days: march, department: "D-GREEN")) == [])
        #expect(ids(FactFilter(days: march, department: "D-NOWHERE")) == [])
        #expect(ids(FactFilter(days: march, excluded: .invalidated)) == [1, 2, 3, 4, 5, 6, 7])
        #expect(ids(FactFilter(days: march, required: .invalidated)) == [8])
        #expect(ids(FactFilter(days: march, required: .invalidated, excluded: .invalidated)) == [])
        // All together: events of major 01 in subdistrict 910101001 for sanitation, valid ones.
        let all = FactFilter(days: march, category: CategoryPrefix("01"), kind: .event, region: F.region("910101001"),
                             department: "D-SANITATION", excluded: .invalidated)
        #expect(ids(all) == [1, 2, 3])
        #expect(all.count(in: F.facts(Self.cases)) == 3)
    }
}
