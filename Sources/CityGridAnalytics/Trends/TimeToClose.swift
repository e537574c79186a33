import CityGridCore

/// How long closed cases took from report to closure (结案用时), in calendar hours (nights, weekends
/// and suspensions included, unlike working-time limits): overall, per minor class and per
/// department, each a ``DurationStats``.
///
/// Only cases with the ``FactFlags/closed`` fact count, among the rows of the filter (by the day
/// of their report). The values are collected per group and sorted, so the percentiles are exact:
/// a few hundred milliseconds for millions of cases.
public struct TimeToClose: Hashable, Codable, Sendable {
    /// The durations of one category or department.
    public struct Group: Hashable, Codable, Sendable {
        /// The category code (`E0102`) or department code; `""` for cases closed without a dispatch.
        public var code: String
        public var stats: DurationStats
    }

    public var overall: DurationStats
    /// Per minor class, by code.
    public var byCategory: [Group]
    /// Per department, by code (the undispatched group `""` first).
    public var byDepartment: [Group]

    /// The label of the department group `""`.
    public static let noDepartment = LocalizedText(zh: "未派遣（自行处置）", en: "Not dispatched (handled directly)")

    /// The closure times of the closed cases among the rows of `filter` (default: every case).
    public init(facts: CaseFacts, filter: FactFilter = .all) {
        var closed = filter
        closed.required.insert(.closed)
        let d = facts.dimensions
        var all: [Int32] = []
        var perCategory = [[Int32]](repeating: [], count: d.categories.count)
        var perDepartment = [[Int32]](repeating: [], count: d.departments.count)
        closed.forEachRow(in: facts) { row in
            let seconds = facts.closureSeconds[row]
            all.append(seconds)
            perCategory[Int(facts.category[row])].append(seconds)
            perDepartment[Int(facts.department[row])].append(seconds)
        }
        func groups(_ lists: [[Int32]], code: (Int) -> String) -> [Group] {
            lists.indices.filter { !lists[$0].isEmpty }
                .map { Group(code: code($0), stats: DurationStats(sortedSeconds: lists[$0].sorted())) }
                .sorted { $0.code < $1.code }
        }
        overall = DurationStats(sortedSeconds: all.sorted())
        byCategory = groups(perCategory) { d.categories[$0].rawValue }
        byDepartment = groups(perDepartment) { d.departments[$0] }
    }
}
