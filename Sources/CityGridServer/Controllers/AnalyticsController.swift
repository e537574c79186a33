import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `/api/v1/analytics`: hot spots (Gi*) over the grids, trends, recurring problems (每月一题) and
/// time-to-close distributions, held to the caller's reach by the application layer.
struct AnalyticsController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("analytics/hotspots", use: hotspots)
        group.get("analytics/trends", use: trends)
        group.get("analytics/recurring", use: recurring)
        group.get("analytics/time-to-close", use: timeToClose)
    }

    /// `?period=2026-Q3[&category=E01][&region=910101][&department=D-WATER]`: volume by day, week,
    /// month, weekday and hour, seasonality and the linear trend.
    @Sendable func trends(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.rendered(try await application.trends(try Self.analysis(request), for: context.caller))
    }

    /// `?month=2026-11[&months=6][&level=subdistrict][&top=10]`: the themes proposed for `month`, from
    /// the `months` before it.
    @Sendable func recurring(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.rendered(try await application.recurringProblems(
            month: RequestInput.query(request, "month") ?? RequestInput.query(request, "period"),
            months: try RequestInput.int(request, "months", default: 6, range: 2...36), level: RequestInput.query(request, "level"),
            top: try RequestInput.int(request, "top", default: 10, range: 1...100), for: context.caller))
    }

    /// `?period=…[&category][&region][&department]`: hours from report to closure, per category and department.
    @Sendable func timeToClose(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.rendered(try await application.timeToClose(try Self.analysis(request), for: context.caller))
    }

    /// `?period=2026-10&category=E01&format=json|geojson|csv`.
    @Sendable func hotspots(_ request: Request, context: CityRequestContext) async throws -> Response {
        let text = RequestInput.query(request, "format") ?? "json"
        guard let format = HotSpotFormat(rawValue: text) else {
            throw DomainError.invalidField("format", zh: "format 须为 json、geojson 或 csv", en: "format must be json, geojson or csv")
        }
        return JSONIO.rendered(try await application.hotSpots(
            period: RequestInput.query(request, "period") ?? RequestInput.query(request, "month"),
            category: RequestInput.query(request, "category"), format: format, for: context.caller))
    }

    /// The period, category, region and department of the query.
    static func analysis(_ request: Request) throws -> AnalysisRequest {
        AnalysisRequest(period: RequestInput.query(request, "period") ?? RequestInput.query(request, "month"),
                        category: RequestInput.query(request, "category"), region: try RequestInput.region(request, "region"),
                        department: RequestInput.query(request, "department"))
    }
}
