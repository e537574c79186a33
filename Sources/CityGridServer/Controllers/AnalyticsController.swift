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
        try await requireStaff(request)
        let filter = try Self.filter(request)
        return try JSONIO.snakeResponse(facts.read { TrendAnalysis(facts: $0, filter: filter) })
    }

    /// `?month=2026-11[&months=6][&level=subdistrict][&top=10]`: the themes proposed for `month`, from
    /// the `months` before it.
    @Sendable func recurring(_ request: Request, context: Context) async throws -> Response {
        try await requireStaff(request)
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
        try await requireStaff(request)
        let filter = try Self.filter(request)
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
        try await requireStaff(request)
        let period = try EvaluationInput.period(request)
        let category = try EvaluationInput.category(request)
        let cells = try facts.read { try hotSpots.run(facts: $0, period: period, category: category) }
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

    func requireStaff(_ request: Request) async throws {
        let user = try await Authentication.user(request, service: service)
        guard user.role != .citizen else {
            throw DomainError(.forbidden, code: "staff_only", zh: "分析结果仅对工作人员开放", en: "Analytics are for staff")
        }
    }

}
