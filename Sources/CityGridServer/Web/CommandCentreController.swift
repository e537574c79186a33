import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The command centre (监督指挥中心): the city's grid map coloured by the open, warned and overdue
/// cases the caller may read (switchable by period, category group and body), the cases of a grid
/// opened from the map (an htmx request for the list alone) or from a region code, and the live queue
/// of new and escalated cases. The map draws `/app/map/grids.geojson`, the grid outlines kept per
/// configuration version (gzip, ETag), and colours them from `/app/centre/status.json`.
struct CommandCentreController {
    let application: CityApplication
    let renderer: PageRenderer
    let outlines = CompressedCopy(name: "grids")

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/centre", use: centre)
        router.get("app/centre/status.json", use: status)
        router.get("app/centre/cases", use: cases)
        router.get("app/map/grids.geojson", use: grids)
    }

    /// The filters of the request: period, category group and body.
    private func filters(_ request: Request) -> GridStatusRequest {
        GridStatusRequest(period: RequestInput.query(request, "period"), category: RequestInput.query(request, "category"),
                          department: RequestInput.query(request, "department"))
    }

    /// The query string the page's links and scripts pass on (its values percent-encoded).
    private static func query(_ pairs: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = pairs.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        return components.percentEncodedQuery ?? ""
    }

    @Sendable func centre(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let filters = filters(request)
            let status = try await application.gridStatus(filters, for: context.caller)
            let city = application.city
            let state = RequestInput.query(request, "state")
            let region = try RequestInput.region(request, "region")
            var values = try await listValues(request, context, filters: filters, region: region, state: state, status: status, language: language)
            let periodNames: [String: LocalizedText] = ["all": WebText.periodAll, "today": WebText.periodToday, "7d": WebText.period7d, "30d": WebText.period30d]
            let period = filters.period ?? "all"
            var periods: [[String: Any]] = GridStatusRequest.recentPeriods.map {
                ["value": $0.name, "label": language.text(periodNames[$0.name] ?? LocalizedText(zh: $0.name, en: $0.name)), "selected": $0.name == period]
            }
            if !periods.contains(where: { ($0["selected"] as? Bool) == true }) { periods.append(["value": period, "label": period, "selected": true]) }
            let filterQuery = Self.query([("period", filters.period), ("category", filters.category), ("department", filters.department)])
            values.merge([
                "heading": language.text(WebText.centreHeading), "periodLabel": language.text(WebText.reportedWithin), "periods": periods,
                "categoryLabel": language.text(WebText.categoryGroup),
                "categories": city.catalogue.majors.map { ["value": $0.code, "label": "\($0.code) \(language.text($0.name))", "selected": $0.code == filters.category] },
                "bodyLabel": language.text(WebText.body),
                "bodies": city.organisations.filter { $0.kind != .centre }.map {
                    ["value": $0.code.rawValue, "label": language.text($0.name), "selected": $0.code.rawValue == filters.department]
                },
                "states": PageRows.stateOptions(city.workflow, selected: state, language),
                "regionLabel": language.text(WebText.region), "region": region?.rawValue ?? "", "any": language.text(WebText.any), "show": language.text(WebText.show),
                "totalsLabel": language.text(WebText.totals), "totalOpen": status.total.open, "totalWarned": status.total.warned, "totalOverdue": status.total.overdue,
                "mapLabel": language.text(WebText.centreMapLabel), "mapHint": language.text(WebText.centreMapHint), "mapLoading": language.text(WebText.mapLoading),
                "statusURL": "/app/centre/status.json?" + filterQuery,
                "casesURL": "/app/centre/cases?" + Self.query([("period", filters.period), ("category", filters.category),
                                                               ("department", filters.department), ("state", state)]),
                "legendLabel": language.text(WebText.legend), "legendNone": language.text(WebText.legendNone), "legendOpen": language.text(WebText.legendOpen),
                "legendWarned": language.text(WebText.legendWarned), "legendOverdue": language.text(WebText.legendOverdue),
                "liveHeading": language.text(WebText.liveHeading), "liveHint": language.text(WebText.liveHint),
            ]) { _, new in new }
            return renderer.page("centre", title: language.text(WebText.centre), language: language,
                                 chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }

    /// The list of a region's cases (`centre-cases`): the figures of the grid and its cases.
    private func listValues(_ request: Request, _ context: CityRequestContext, filters: GridStatusRequest, region: RegionCode?, state: String?,
                            status: GridStatus?, language: PageLanguage) async throws -> [String: Any] {
        var values: [String: Any] = [
            "casesHeading": language.text(WebText.casesIn), "pickRegion": language.text(WebText.pickRegion), "noCases": language.text(WebText.noCases),
            "numberLabel": language.text(WebText.number), "categoryLabel": language.text(WebText.category), "stateLabel": language.text(WebText.state),
            "reportedLabel": language.text(WebText.reportedAt), "openLabel": language.text(WebText.openCases),
            "warnedLabel": language.text(WebText.warnedCases), "overdueLabel": language.text(WebText.overdueCases), "moreLabel": language.text(WebText.more),
            "hasRegion": region != nil, "empty": true, "cases": [Any](),
        ]
        guard let region else { return values }
        values["listRegion"] = region.rawValue
        let before = try RequestInput.int(request, "before", default: 0, range: 0...Int.max)
        let list = try await application.centreCases(filters, region: region, state: state, beforeID: before == 0 ? nil : Int64(before), for: context.caller)
        values["cases"] = list.cases.map { PageRows.caseRow($0, language) }
        values["empty"] = list.cases.isEmpty
        if let next = list.nextBeforeID {
            values["moreURL"] = "/app/centre?" + Self.query([("period", filters.period), ("category", filters.category), ("department", filters.department),
                                                             ("state", state), ("region", region.rawValue), ("before", String(next.rawValue))])
        }
        if region.level == .grid, let status {
            let counts = status.grids[region] ?? GridStatus.Counts()
            values["gridCounts"] = ["open": counts.open, "warned": counts.warned, "overdue": counts.overdue]
        }
        return values
    }

    /// The list alone, for the map's htmx request (a grid clicked).
    @Sendable func cases(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        let filters = filters(request)
        do {
            let region = try RequestInput.region(request, "region")
            let status = region?.level == .grid ? try await application.gridStatus(filters, for: context.caller) : nil
            let values = try await listValues(request, context, filters: filters, region: region, state: RequestInput.query(request, "state"),
                                              status: status, language: language)
            return renderer.fragment("centre-cases", values: values)
        } catch let error as DomainError {
            // The refusal in place of the list, in the caller's language, with the API's status.
            var response = renderer.fragment("error-fragment", values: ["message": language.text(error.message), "code": error.code])
            response.status = APIError(error).status
            return response
        }
    }

    /// The open cases per grid: `{"version": V, "total": [open, warned, overdue], "grids": {"CODE": [open, warned, overdue], …}}`.
    @Sendable func status(_ request: Request, context: CityRequestContext) async throws -> Response {
        let status = try await application.gridStatus(filters(request), for: context.caller)
        var json = "{\"version\":\(application.city.configurationVersion),\"total\":[\(status.total.open),\(status.total.warned),\(status.total.overdue)],\"grids\":{"
        var first = true
        for (code, counts) in status.grids.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            json += (first ? "" : ",") + "\"\(code.rawValue)\":[\(counts.open),\(counts.warned),\(counts.overdue)]"
            first = false
        }
        json += "}}"
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The grid outlines for maps (``MapGeometry``), gzip when accepted, 304 for the version's ETag.
    @Sendable func grids(_ request: Request, context: CityRequestContext) async throws -> Response {
        let geometry = try await application.mapGeometry()
        let copy = try await outlines.copy(version: geometry.version) { geometry.geoJSON }
        return CompressedCopy.response(copy, to: request, contentType: "application/geo+json")
    }
}
