import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation

/// What an analysis asks for (分析请求): a period, and optionally a category group, a region or a body.
public struct AnalysisRequest: Sendable {
    public var period: String?
    public var category: String?
    public var region: RegionCode?
    public var department: String?

    public init(period: String?, category: String? = nil, region: RegionCode? = nil, department: String? = nil) {
        self.period = period
        self.category = category
        self.region = region
        self.department = department
    }
}

/// How hot spots are written.
public enum HotSpotFormat: String, Sendable {
    case json, geojson, csv
}

/// Analytics over the fact table (分析): hot spots, trends, recurring problems and time to close,
/// held to the caller's reach under ``Permission/analyticsRead``. Scans and answers run in ``HeavyWork``.
extension CityApplication {
    /// Volume by day, week, month, weekday and hour, seasonality and the linear trend.
    public func trends(_ request: AnalysisRequest, for caller: Caller) async throws -> Rendered {
        let analysis = try await trendAnalysis(request, for: caller)
        return try await heavy.run { try Rendered.snakeJSON(analysis) }
    }

    /// The trends themselves (the web dashboard draws them; the API writes them as JSON).
    public func trendAnalysis(_ request: AnalysisRequest, for caller: Caller) async throws -> TrendAnalysis {
        let filter = try scopedFilter(request, for: caller)
        let current = self.current, facts = current.facts
        let key = AnalysisCache.Key(kind: "trends", parameters: ["\(filter)"], generation: facts.generation)
        return try await current.analyses.get(key) { try await heavy.run { facts.read { TrendAnalysis(facts: $0, filter: filter) } } }
    }

    /// Hours from report to closure, per category and department.
    public func timeToClose(_ request: AnalysisRequest, for caller: Caller) async throws -> Rendered {
        let analysis = try await timeToCloseAnalysis(request, for: caller)
        return try await heavy.run { try Rendered.snakeJSON(analysis) }
    }

    /// The distributions themselves (the web dashboard draws them; the API writes them as JSON).
    /// `staleFor`: how long after the fact table changed an earlier result may still be given (the
    /// dashboards pass ``historyStaleness``; the API none).
    public func timeToCloseAnalysis(_ request: AnalysisRequest, for caller: Caller, staleFor: Duration = .zero) async throws -> TimeToClose {
        let filter = try scopedFilter(request, for: caller)
        let current = self.current, facts = current.facts
        let key = AnalysisCache.Key(kind: "time-to-close", parameters: ["\(filter)"], generation: facts.generation)
        return try await current.analyses.get(key, staleFor: staleFor) { try await heavy.run { facts.read { TimeToClose(facts: $0, filter: filter) } } }
    }

    /// The themes proposed for `month` (每月一题) from the `months` before it, at `level`. Themes are
    /// proposed for the whole city: for callers whose analytics reach the whole city.
    public func recurringProblems(month: String?, months: Int, level: String?, top: Int, for caller: Caller) async throws -> Rendered {
        let analysis = try await recurringProblemsAnalysis(month: month, months: months, level: level, top: top, for: caller)
        return try await heavy.run { try Rendered.snakeJSON(analysis) }
    }

    /// The themes themselves (the web dashboard shows them; the API writes them as JSON).
    public func recurringProblemsAnalysis(month: String?, months: Int, level: String?, top: Int, for caller: Caller,
                                          staleFor: Duration = .zero) async throws -> RecurringProblems {
        guard try reach(caller).everything else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "每月一题面向全市，需全市范围的分析权限",
                              en: "Recurring problems are proposed for the whole city: they need analytics.read over the city")
        }
        let period = try AnalysisInput.period(month)
        guard period.kind == .month else { throw DomainError.invalidField("month", zh: "须为月份 YYYY-MM", en: "month must be YYYY-MM") }
        var options = RecurringProblems.Options()
        guard (2...36).contains(months) else { throw DomainError.invalidField("months", zh: "months 须为2到36", en: "months must be 2 to 36") }
        guard (1...100).contains(top) else { throw DomainError.invalidField("top", zh: "top 须为1到100", en: "top must be 1 to 100") }
        options.months = months
        options.count = top
        if let level {
            guard let l = RegionLevel(name: level), [.district, .subdistrict, .community].contains(l) else {
                throw DomainError.invalidField("level", zh: "level 须为 district、subdistrict 或 community", en: "level must be district, subdistrict or community")
            }
            options.level = l
        }
        let (y, m, _) = period.start.components
        let current = self.current
        let chosen = options
        let key = AnalysisCache.Key(kind: "recurring", parameters: [period.description, "\(months)", options.level.name, "\(top)"],
                                    generation: current.facts.generation)
        return try await current.analyses.get(key, staleFor: staleFor) {
            try await heavy.run { current.facts.read { RecurringProblems(facts: $0, forYear: y, month: m, options: chosen, city: current.city) } }
        }
    }

    /// Hot spots (Gi*) over the grids for `period`: computed over the whole city (a hot spot is judged
    /// against its neighbours) and shown within the caller's reach.
    public func hotSpots(period: String?, category: String?, format: HotSpotFormat, for caller: Caller) async throws -> Rendered {
        let cells = try await hotSpotCells(period: period, category: category, for: caller)
        let current = self.current
        return try await heavy.run {
            switch format {
            case .geojson:
                var text = ""
                HotSpotFormats.geoJSON(cells, city: current.city, regions: current.service.regions) { text += $0 }
                return Rendered(text: text, contentType: "application/geo+json")
            case .csv:
                return Rendered(text: HotSpotFormats.csv(cells), contentType: "text/csv; charset=utf-8")
            case .json:
                return try Rendered.json(cells.map { HotSpotCell(grid_code: $0.gridCode.rawValue, cases: $0.cases, z: $0.z, p: $0.p, class: $0.hotSpotClass.rawValue) })
            }
        }
    }

    /// The Gi* result of every grid within the caller's reach, in the grids' order: computed over
    /// the whole city (a hot spot is judged against its neighbours), kept while the fact table does
    /// not change, then held to the caller's jurisdiction.
    public func hotSpotCells(period: String?, category: String?, for caller: Caller) async throws -> [HotSpotAnalysis.Cell] {
        let reach = try reach(caller)
        guard reach.everything || !reach.regions.isEmpty else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "热点分析需按辖区的分析权限", en: "Hot spots need analytics.read over a jurisdiction")
        }
        let period = try AnalysisInput.period(period)
        let category = try AnalysisInput.category(category)
        let current = self.current
        let key = AnalysisCache.Key(kind: "hot-spots", parameters: [period.description, category.map { "\($0)" } ?? ""],
                                    generation: current.facts.generation)
        let cells = try await current.analyses.get(key) {
            try await heavy.run {
                let analysis = current.hotSpots.get { HotSpotAnalysis(grids: current.city.grids) }
                return try current.facts.read { try analysis.run(facts: $0, period: period, category: category) }
            }
        }
        if reach.everything { return cells }
        return cells.filter { cell in reach.regions.contains { $0.contains(cell.gridCode) } }
    }

    private struct HotSpotCell: Encodable {
        var grid_code: String
        var cases: Int
        var z: Double
        var p: Double
        var `class`: Int8
    }

    /// How long the dashboards may show a time-to-close distribution or a set of recurring problems
    /// after the fact table changed: they sort or group the cases of months (tens of milliseconds
    /// over a million cases), and a report or a step moves them by one case among thousands.
    /// Evaluations, trends, hot spots, the command centre's figures and every API answer are always
    /// those of the table as it is.
    public static let historyStaleness: Duration = .seconds(60)

    /// How far the caller's analytics reach.
    func reach(_ caller: Caller) throws -> CaseVisibility {
        try policy.requireHolding(caller, .analyticsRead)
        return policy.caseVisibility(caller, .analyticsRead)
    }

    /// The request's filter, held within the caller's reach: a region or body they may read, or, when
    /// they name none, their only jurisdiction or organisation.
    func scopedFilter(_ request: AnalysisRequest, for caller: Caller) throws -> FactFilter {
        let reach = try reach(caller)
        var filter = FactFilter(period: try AnalysisInput.period(request.period))
        filter.category = try AnalysisInput.category(request.category)
        filter.region = request.region
        filter.department = request.department
        if reach.everything { return filter }
        let regionAllowed = filter.region.map { region in reach.regions.contains { $0.contains(region) } } ?? false
        let departmentAllowed = filter.department.map { reach.organisations.contains(OrganisationCode($0)) } ?? false
        if filter.region != nil || filter.department != nil {
            guard regionAllowed || departmentAllowed else {
                throw DomainError(.forbidden, code: "outside_jurisdiction", field: filter.region != nil ? "region" : "department",
                                  zh: "该区域或单位不在您的权限范围内", en: "That region or body is outside what your roles may analyse")
            }
        } else if reach.regions.count == 1, reach.organisations.isEmpty {
            filter.region = reach.regions[0]
        } else if reach.organisations.count == 1, reach.regions.isEmpty {
            filter.department = reach.organisations[0].rawValue
        } else {
            throw DomainError.invalidField("region", zh: "请指定您辖区内的 region 或本单位的 department",
                                           en: "Name region (one of your jurisdictions) or department (one of your bodies)")
        }
        return filter
    }
}
