import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation
import Hummingbird

/// `/api/v1/analytics`: hot spots (Gi*) over the grids, trends, recurring problems (每月一题) and
/// time-to-close distributions. Staff only.
struct AnalyticsController<Context: RequestContext> {
    let service: CityService
    let facts: LiveFacts
    let hotSpots: HotSpotAnalysis

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("analytics/hotspots", use: hotspots)
        group.get("analytics/trends", use: trends)
        group.get("analytics/recurring", use: recurring)
        group.get("analytics/time-to-close", use: timeToClose)
    }

    /// `?period=2026-Q3[&category=E01][&region=910101][&department=D-WATER]`: volume by day, week,
    /// month, weekday and hour, seasonality and the linear trend.
    @Sendable func trends(_ request: Request, context: Context) async throws -> Response {
        let filter = try await scopedFilter(request)
        return try JSONIO.snakeResponse(facts.read { TrendAnalysis(facts: $0, filter: filter) })
    }

    /// `?month=2026-11[&months=6][&level=subdistrict][&top=10]`: the themes proposed for `month`, from
    /// the `months` before it.
    @Sendable func recurring(_ request: Request, context: Context) async throws -> Response {
        // Themes are proposed for the whole city: for those whose analytics reach the whole city.
        guard try await reach(request).everything else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "每月一题面向全市，需全市范围的分析权限",
                              en: "Recurring problems are proposed for the whole city: they need analytics.read over the city")
        }
        let period = try EvaluationInput.period(request)
        guard period.kind == .month else { throw DomainError.invalidField("month", zh: "须为月份 YYYY-MM", en: "month must be YYYY-MM") }
        var options = RecurringProblems.Options()
        options.months = try RequestInput.int(request, "months", default: 6, range: 2...36)
        options.count = try RequestInput.int(request, "top", default: 10, range: 1...100)
        if let level = RequestInput.query(request, "level") {
            guard let l = RegionLevel(name: level), [.district, .subdistrict, .community].contains(l) else {
                throw DomainError.invalidField("level", zh: "level 须为 district、subdistrict 或 community", en: "level must be district, subdistrict or community")
            }
            options.level = l
        }
        let (y, m, _) = period.start.components
        let city = service.city
        return try JSONIO.snakeResponse(facts.read { RecurringProblems(facts: $0, forYear: y, month: m, options: options, city: city) })
    }

    /// `?period=…[&category][&region][&department]`: hours from report to closure, per category and department.
    @Sendable func timeToClose(_ request: Request, context: Context) async throws -> Response {
        let filter = try await scopedFilter(request)
        return try JSONIO.snakeResponse(facts.read { TimeToClose(facts: $0, filter: filter) })
    }

    /// The period, category, region and department of the query.
    static func filter(_ request: Request) throws -> FactFilter {
        var filter = FactFilter(period: try EvaluationInput.period(request))
        filter.category = try EvaluationInput.category(request)
        filter.region = try RequestInput.region(request, "region")
        filter.department = RequestInput.query(request, "department")
        return filter
    }

    struct CellDTO: Encodable {
        var grid_code: String
        var cases: Int
        var z: Double
        var p: Double
        var `class`: Int8
    }

    /// `?period=2026-10&category=E01&format=json|geojson|csv`.
    @Sendable func hotspots(_ request: Request, context: Context) async throws -> Response {
        let reach = try await reach(request)
        guard reach.everything || !reach.regions.isEmpty else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "热点分析需按辖区的分析权限", en: "Hot spots need analytics.read over a jurisdiction")
        }
        let period = try EvaluationInput.period(request)
        let category = try EvaluationInput.category(request)
        // Gi* over the whole city (a hot spot is judged against its neighbours), shown within the caller's reach.
        let cells = try facts.read { try hotSpots.run(facts: $0, period: period, category: category) }
            .filter { cell in reach.everything || reach.regions.contains { $0.contains(cell.gridCode) } }
        switch RequestInput.query(request, "format") ?? "json" {
        case "geojson":
            var text = ""
            HotSpotFormats.geoJSON(cells, city: service.city, regions: service.regions) { text += $0 }
            return JSONIO.text(text, contentType: "application/geo+json")
        case "csv": return JSONIO.text(HotSpotFormats.csv(cells), contentType: "text/csv; charset=utf-8")
        case "json": return try JSONIO.response(cells.map { CellDTO(grid_code: $0.gridCode.rawValue, cases: $0.cases, z: $0.z, p: $0.p, class: $0.hotSpotClass.rawValue) })
        default: throw DomainError.invalidField("format", zh: "format 须为 json、geojson 或 csv", en: "format must be json, geojson or csv")
        }
    }

    /// How far the caller's analytics reach (the access policy's ``Permission/analyticsRead``).
    func reach(_ request: Request) async throws -> CaseVisibility {
        let user = try await Authentication.user(request, service: service)
        try Authentication.require(.analyticsRead, user)
        return AccessPolicy.standard.caseVisibility(Caller(user: user), .analyticsRead)
    }

    /// The query's filter, held within the caller's reach: a region or body they may read, or, when
    /// they name none, their only jurisdiction or organisation.
    func scopedFilter(_ request: Request) async throws -> FactFilter {
        let reach = try await reach(request)
        var filter = try Self.filter(request)
        if reach.everything { return filter }
        let regionAllowed = filter.region.map { region in reach.regions.contains { $0.contains(region) } } ?? false
        let departmentAllowed = filter.department.map { reach.organisations.contains($0) } ?? false
        if filter.region != nil || filter.department != nil {
            guard regionAllowed || departmentAllowed else {
                throw DomainError(.forbidden, code: "outside_jurisdiction", field: filter.region != nil ? "region" : "department",
                                  zh: "该区域或单位不在您的权限范围内", en: "That region or body is outside what your roles may analyse")
            }
        } else if reach.regions.count == 1, reach.organisations.isEmpty {
            filter.region = reach.regions[0]
        } else if reach.organisations.count == 1, reach.regions.isEmpty {
            filter.department = reach.organisations[0]
        } else {
            throw DomainError.invalidField("region", zh: "请指定您辖区内的 region 或本单位的 department",
                                           en: "Name region (one of your jurisdictions) or department (one of your bodies)")
        }
        return filter
    }
}
