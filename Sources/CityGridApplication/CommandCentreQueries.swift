import CityGridAnalytics
import CityGridCore
import Foundation

/// What the command centre looks at (监督指挥中心筛选): the open cases reported within a period, of a
/// category group and of a body; on the map per grid, in the list those of a region or grid.
public struct GridStatusRequest: Sendable, Hashable {
    /// `all` (every open case, the default), `today`, `7d`, `30d`, or an evaluation period (2026-10,
    /// 2026-Q3, 2026, 2026-10-01..2026-10-15).
    public var period: String?
    /// A category code prefix (E01, C0102).
    public var category: String?
    /// A body's code: its cases only.
    public var department: String?

    public init(period: String? = nil, category: String? = nil, department: String? = nil) {
        self.period = period
        self.category = category
        self.department = department
    }

    /// The periods the command centre offers beside evaluation periods, with their length in days.
    public static let recentPeriods: [(name: String, days: Int?)] = [("all", nil), ("today", 1), ("7d", 7), ("30d", 30)]

    /// The local days of report the period covers (`nil`: every day), for a city `utcOffsetSeconds`
    /// east of UTC at `now`.
    public func days(at now: Date, utcOffsetSeconds: Int) throws(DomainError) -> Range<LocalDate>? {
        let name = period ?? "all"
        if let recent = Self.recentPeriods.first(where: { $0.name == name }) {
            guard let days = recent.days else { return nil }
            let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
            let today = LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
            return today.adding(days: 1 - days)..<today.adding(days: 1)
        }
        guard let evaluation = EvaluationPeriod(name) else {
            throw DomainError.invalidField("period", zh: "period 须为 all、today、7d、30d 或考核周期（如 2026-10）",
                                           en: "period must be all, today, 7d, 30d or an evaluation period such as 2026-10")
        }
        return evaluation.start..<evaluation.end
    }
}

extension CityApplication {
    /// The open cases of every grid the caller may read (``GridStatus``): counted in the live fact
    /// table, so the figures are those of the last acknowledged write, over a million cases in a few
    /// milliseconds, and kept until the table changes or the minute turns.
    public func gridStatus(_ request: GridStatusRequest, for caller: Caller, at now: Date = Date()) async throws -> GridStatus {
        try policy.requireHolding(caller, .caseRead)
        let current = self.current
        var filter = try request.days(at: now, utcOffsetSeconds: current.city.calendar.utcOffsetSeconds)
            .map { FactFilter(from: $0.lowerBound, until: $0.upperBound) } ?? .all
        filter.category = try AnalysisInput.category(request.category)
        if let department = request.department {
            try requireBody(department, in: current)
            filter.department = department
        }
        let visibility = policy.caseVisibility(caller, .caseRead)
        // Kept while the table does not change (its generation) within the minute (overdue depends
        // on the time): several screens of the centre asking the same see the same count, computed once.
        let facts = current.facts
        let key = AnalysisCache.Key(kind: "grid-status", parameters: ["\(filter)", "\(visibility)", "\(Int64(now.timeIntervalSince1970 / 60))"],
                                    generation: facts.generation)
        return await current.analyses.get(key) {
            facts.read { table in
                GridStatus.count(table, filter: filter, access: FactAccess(visibility, table), now: now)
            }
        }
    }

    /// The cases of `region` (a grid, or a region at any level) behind the map's figures: those the
    /// caller may read, reported within the request's period, of its category group and body, open
    /// (their clock runs: not closed, not merged into another) or in `state` when given, newest first:
    /// the JSON API's case list with those filters.
    public func centreCases(_ request: GridStatusRequest, region: RegionCode, state: String?, beforeID: Int64?, limit: Int = 50,
                            for caller: Caller, at now: Date = Date()) async throws -> CaseListView {
        let current = self.current
        var list = CaseListRequest()
        if let days = try request.days(at: now, utcOffsetSeconds: current.city.calendar.utcOffsetSeconds) {
            let offset = TimeInterval(current.city.calendar.utcOffsetSeconds)
            list.reportedFrom = Date(timeIntervalSince1970: TimeInterval(days.lowerBound.dayNumber) * 86_400 - offset)
            list.reportedBefore = Date(timeIntervalSince1970: TimeInterval(days.upperBound.dayNumber) * 86_400 - offset)
        }
        let workflow = current.city.workflow
        list.states = state.map { [$0] } ?? workflow.clockedStates.map(\.rawValue).sorted()
        list.category = request.category
        if let department = request.department {
            try requireBody(department, in: current)
            list.department = department
        }
        list.region = region
        list.beforeID = beforeID
        list.limit = limit
        return try await cases(list, for: caller)
    }

    private func requireBody(_ code: String, in current: Current) throws(DomainError) {
        guard current.city.organisations.contains(where: { $0.code.rawValue == code }) else {
            throw DomainError.invalidField("department", zh: "未知单位：\(code)", en: "No body \(code)")
        }
    }
}
