import CityGridCore

/// Which rows of the fact table an analysis counts (筛选条件): the cases reported on a range of local
/// days, optionally narrowed to a class of the catalogue, a kind, a region, a department and facts
/// the case must or must not have. Every condition set must hold.
///
/// A filter is plain data; ``forEachRow(in:_:)`` compiles it against the table's dictionaries once
/// (a boolean per category and per grid, the department's index) so that the row loop is a few
/// array reads, and reads only the months that overlap ``days``, through ``CaseFacts/monthRuns``.
///
/// ```swift
/// var filter = FactFilter(from: LocalDate("2026-01-01")!, until: LocalDate("2026-07-01")!)
/// filter.category = CategoryPrefix("E01")
/// filter.region = RegionCode("910101001")
/// filter.forEachRow(in: facts) { row in … }
/// ```
public struct FactFilter: Hashable, Sendable {
    /// The local days of the report, as days since 2020-01-01 (the table's `day` column).
    public var days: Range<Int>
    /// A major or minor class; `nil` for all.
    public var category: CategoryPrefix?
    /// Components or events; `nil` for both.
    public var kind: CaseKind?
    /// A district, subdistrict, community or grid: cases in a grid inside it. A case whose grid the
    /// city does not have is in no region.
    public var region: RegionCode?
    /// The code of the body the case is dispatched to; `""` for cases dispatched to none. A code the
    /// table has never seen matches nothing.
    public var department: String?
    /// Facts a case must have (all of them), e.g. `.closed`.
    public var required: FactFlags
    /// Facts a case must not have (any of them), e.g. `[.invalidated, .merged]`.
    public var excluded: FactFlags

    public init(days: Range<Int>, category: CategoryPrefix? = nil, kind: CaseKind? = nil, region: RegionCode? = nil,
                department: String? = nil, required: FactFlags = [], excluded: FactFlags = []) {
        self.days = days
        self.category = category
        self.kind = kind
        self.region = region
        self.department = department
        self.required = required
        self.excluded = excluded
    }

    /// The cases reported from the local day `from` up to, not including, `until`.
    public init(from: LocalDate, until: LocalDate) {
        self.init(days: from.dayNumber - CaseFacts.epochDay..<until.dayNumber - CaseFacts.epochDay)
    }

    /// The cases reported in an evaluation period.
    public init(period: EvaluationPeriod) {
        self.init(from: period.start, until: period.end)
    }

    /// Every day the table can hold (2020-01-01 to 2199).
    public static let allDays = 0..<Int(UInt16.max) + 1

    /// Every case.
    public static let all = FactFilter(days: allDays)

    /// Calls `body` with each matching row: month by month, a month's rows in table order.
    public func forEachRow(in facts: CaseFacts, _ body: (Int) throws -> Void) rethrows {
        let compiled = Compiled(self, facts)
        guard !compiled.matchesNothing else { return }
        for range in compiled.rowRanges(facts) {
            for row in range where compiled.matches(row, facts) { try body(row) }
        }
    }

    /// The matching rows, in the order ``forEachRow(in:_:)`` visits them.
    public func rows(in facts: CaseFacts) -> [Int] {
        var out: [Int] = []
        forEachRow(in: facts) { out.append($0) }
        return out
    }

    /// How many rows match.
    public func count(in facts: CaseFacts) -> Int {
        var n = 0
        forEachRow(in: facts) { _ in n += 1 }
        return n
    }
}

extension FactFilter {
    /// A filter resolved against one table's dictionaries.
    struct Compiled {
        let days: Range<Int>
        /// Per category index; `nil`: every category.
        let categoryOK: [Bool]?
        /// Per grid index; `nil`: every grid, the unknown one too.
        let gridOK: [Bool]?
        /// The department's index; `nil`: any.
        let department: UInt16?
        let need: UInt64
        let forbid: UInt64
        /// A condition no row can meet (an unknown department, an empty range, …).
        let matchesNothing: Bool

        init(_ filter: FactFilter, _ facts: CaseFacts) {
            let d = facts.dimensions
            days = filter.days
            need = filter.required.rawValue
            forbid = filter.excluded.rawValue
            var nothing = filter.days.isEmpty || need & forbid != 0
            if filter.category != nil || filter.kind != nil {
                let ok = d.categories.map { code in
                    (filter.kind == nil || code.kind == filter.kind) && (filter.category?.matches(code) ?? true)
                }
                nothing = nothing || !ok.contains(true)
                categoryOK = ok
            } else {
                categoryOK = nil
            }
            if let region = filter.region {
                let ok = d.gridCodes.map(region.contains)
                nothing = nothing || !ok.contains(true)
                gridOK = ok
            } else {
                gridOK = nil
            }
            if let code = filter.department {
                let index = code.isEmpty ? 0 : d.departmentIndex(of: OrganisationCode(code))
                nothing = nothing || index == nil
                department = index
            } else {
                department = nil
            }
            matchesNothing = nothing
        }

        /// The row ranges of the months the days fall in.
        func rowRanges(_ facts: CaseFacts) -> [Range<Int>] {
            guard !days.isEmpty else { return [] }
            let first = max(0, CaseFacts.month(ofDay: days.lowerBound))
            let last = min(CaseFacts.month(ofDay: days.upperBound - 1), facts.monthRuns.count - 1)
            guard first <= last else { return [] }
            return (first...last).flatMap { facts.monthRuns[$0].map { Int($0.lowerBound)..<Int($0.upperBound) } }
        }

        @inline(__always)
        func matches(_ row: Int, _ facts: CaseFacts) -> Bool {
            guard days.contains(Int(facts.day[row])) else { return false }
            let f = facts.flags[row]
            guard f & need == need, f & forbid == 0 else { return false }
            if let categoryOK {
                let c = Int(facts.category[row])
                guard c < categoryOK.count, categoryOK[c] else { return false }
            }
            if let gridOK {
                let g = Int(facts.grid[row])
                guard g >= 0, g < gridOK.count, gridOK[g] else { return false }
            }
            if let department, facts.department[row] != department { return false }
            return true
        }
    }
}
