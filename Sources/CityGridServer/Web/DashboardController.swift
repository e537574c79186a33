import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The leaders' dashboard (领导驾驶舱): a ranking of one subject class for a period, with grade,
/// rank and change against the previous period, a bar chart of the composite scores drawn as SVG on
/// the server, and every figure a link to the cases behind it (the explanation); beside it the
/// period's daily trend, the hot-spot map (Gi* classes, ``DashboardHotSpots``), the recurring
/// problems (每月一题) and the time-to-close distributions (``DashboardCharts``). The rule set is a
/// preset or a city's own file posted here (held by the application, ``CityApplication/holdRuleFile(_:for:)``).
/// Read through the application layer, so a district leader sees their district's rows, a
/// department its own.
struct DashboardController {
    let application: CityApplication
    let renderer: PageRenderer

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/dashboard", use: dashboard)
        router.post("app/dashboard/rules", use: postRules)
        router.get("app/dashboard/hotspots.json", use: hotSpotClasses)
        router.get("app/explain", use: explain)
        WallController(application: application, renderer: renderer).addRoutes(to: router)
    }

    /// The subjects the dashboard offers, in the order of the select.
    static let subjects: [SubjectClass] = [.district, .subdistrict, .community, .department, .inspector, .dispatcher]

    /// The last complete month in China Standard Time, `YYYY-MM`.
    static func lastMonth(now: Date = Date()) -> String {
        let calendar = PageTime.calendar
        let c = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -1, to: now)!)
        return String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
    }

    /// What a dashboard shows: subject, period, rule set and category group (empty: every case).
    struct Choice {
        var subject: String
        var period: String
        var rules: String
        var category: String?

        init(_ request: Request) {
            subject = RequestInput.query(request, "subject") ?? "department"
            period = RequestInput.query(request, "period") ?? DashboardController.lastMonth()
            rules = RequestInput.query(request, "rules") ?? "standard"
            category = RequestInput.query(request, "category").flatMap { $0.isEmpty ? nil : $0 }
        }

        /// The dashboard's query string for these choices, percent-encoded.
        var query: String {
            var items = [URLQueryItem(name: "subject", value: subject), URLQueryItem(name: "period", value: period),
                         URLQueryItem(name: "rules", value: rules)]
            if let category { items.append(URLQueryItem(name: "category", value: category)) }
            var components = URLComponents()
            components.queryItems = items
            return components.percentEncodedQuery ?? ""
        }
    }

    static func number(_ value: Double?, _ digits: Int = 1) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "—" }

    /// `/app/explain` for one figure.
    static func explainLink(rules: String, subject: String, period: String, code: String, indicator: String) -> String {
        var components = URLComponents()
        components.path = "/app/explain"
        components.queryItems = [URLQueryItem(name: "rules", value: rules), URLQueryItem(name: "subject", value: subject),
                                 URLQueryItem(name: "period", value: period), URLQueryItem(name: "code", value: code),
                                 URLQueryItem(name: "indicator", value: indicator)]
        return components.string ?? "/app/explain"
    }

    @Sendable func dashboard(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let choice = Choice(request)
            _ = try AnalysisInput.category(choice.category)  // a bad category group is refused by field, as in the API
            let caller = context.caller
            let report = try await application.evaluationReport(application.ruleChoice(choice.rules), subject: choice.subject, period: choice.period, for: caller)
            var values = ranking(report, choice: choice, language: language)
            values["ruleSets"] = ruleSets(chosen: choice.rules, caller: caller, language: language)
            values["category"] = choice.category ?? ""
            values["mayPostRules"] = application.policy.holds(caller, .evaluationCustom)
            values["choiceQuery"] = choice.query
            for (key, value) in WebText.dashboardLabels(language) { values[key] = value }
            for section in ["trend", "hotSpots", "timeToClose", "recurring"] { values[section] = false }
            if application.policy.holds(caller, .analyticsRead) {
                let analysis = AnalysisRequest(period: choice.period, category: choice.category)
                // The period's daily volume (the same scope as the API's trends).
                if let trend = try? await application.trendAnalysis(AnalysisRequest(period: choice.period), for: caller), trend.daily.counts.count > 1 {
                    values["trend"] = Self.trendChart(trend.daily, label: language.text(WebText.trendLabel), total: trend.total, language: language)
                }
                if let section = await DashboardHotSpots.section(application, choice: choice, caller: caller, language: language) { values["hotSpots"] = section }
                if let distributions = try? await application.timeToCloseAnalysis(analysis, for: caller, staleFor: CityApplication.historyStaleness) {
                    values["timeToClose"] = DashboardCharts.timeToClose(distributions, city: application.current.city, language: language)
                }
                if let section = await DashboardCharts.recurring(application, period: report.period, caller: caller, language: language) { values["recurring"] = section }
            }
            return renderer.page("dashboard", title: language.text(WebText.dashboard), language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }

    /// The ranking's values: rows with grade, change and figure links, the bar chart of the best 15.
    func ranking(_ report: EvaluationReport, choice: Choice, language: PageLanguage) -> [String: Any] {
        let shown = Array(report.indicators.prefix(4))
        let rows: [[String: Any]] = report.rows.sorted { ($0.rank ?? .max, $0.code) < ($1.rank ?? .max, $1.code) }.map { row in
            let change = row.change
            return ["rank": row.rank.map(String.init) ?? "—", "name": language.text(row.name), "code": row.code,
                    "composite": Self.number(row.composite), "grade": row.grade ?? "—", "cases": row.cases,
                    "change": change.map { String(format: "%+.1f", $0) } ?? "—",
                    "changeWord": change.map { $0 > 0.05 ? language.text(WebText.up) : $0 < -0.05 ? language.text(WebText.down) : language.text(WebText.same) } ?? "",
                    "figures": shown.enumerated().map { i, indicator in
                        ["value": Self.number(row.figures[i].value, 3),
                         "href": Self.explainLink(rules: choice.rules, subject: choice.subject, period: choice.period, code: row.code, indicator: indicator.id),
                         "title": language.text(indicator.label)]
                    }]
        }
        // The chart: the best 15 composites as horizontal bars, 0-100.
        let charted = report.rows.filter { $0.composite != nil }.sorted { $0.composite! > $1.composite! }.prefix(15)
        let bars: [[String: Any]] = charted.enumerated().map { i, row in
            ["y": 8 + i * 22, "textY": 23 + i * 22, "width": Int((row.composite! * 4).rounded()), "label": language.text(row.name),
             "value": Self.number(row.composite), "valueX": 196 + Int((row.composite! * 4).rounded())]
        }
        return [
            "heading": language.text(WebText.dashboard), "subjectLabel": language.text(WebText.subject),
            "periodLabel": language.text(WebText.period), "rulesLabel": language.text(WebText.rules), "show": language.text(WebText.show),
            "period": choice.period, "subject": choice.subject,
            "subjects": Self.subjects.map { ["value": $0.rawValue, "label": language.text($0.label), "selected": $0.rawValue == choice.subject] },
            "ruleSetLabel": language.text(report.ruleSetLabel), "periodShown": report.period.description,
            "previousShown": report.previousPeriod.description,
            "indicators": shown.map { ["title": language.text($0.label)] }, "rows": rows, "empty": rows.isEmpty,
            "noRows": language.text(WebText.noRows), "rankLabel": language.text(WebText.rank), "nameLabel": language.text(WebText.name),
            "compositeLabel": language.text(WebText.composite), "gradeLabel": language.text(WebText.grade),
            "changeLabel": language.text(WebText.change), "casesLabel": language.text(WebText.casesCount),
            "bars": bars, "chartHeight": 16 + bars.count * 22, "chartLabel": language.text(WebText.chartLabel),
            "hasBars": !bars.isEmpty,
        ]
    }

    /// The select's rule sets: the presets, then the city's files held for this caller.
    func ruleSets(chosen: String, caller: Caller, language: PageLanguage) -> [[String: Any]] {
        application.ruleSetNames.map { ["value": $0, "label": $0, "selected": $0 == chosen] }
            + application.heldRuleFiles(for: caller).map { ["value": $0.name, "label": language.text($0.label) + " (\($0.name))", "selected": $0.name == chosen] }
    }

    /// `POST /app/dashboard/rules` (`rules`: a rule file's text, as the API's POST takes it; `subject`, `period`,
    /// `category`): checks the file as the API checks a posted one and holds it, then shows the
    /// dashboard with it. A bad file is the refusal page naming its line.
    @Sendable func postRules(_ request: Request, context: CityRequestContext) async throws -> Response {
        var request = request
        let form = try await FormBody.read(&request)
        return try await renderer.orRefusal(request, context, policy: application.policy) {
            guard let text = form["rules"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DomainError.invalidField("rules", zh: "请粘贴或选择规则文件", en: "rules: paste or choose a rule file")
            }
            let name = try await application.holdRuleFile(text.replacingOccurrences(of: "\r\n", with: "\n"), for: context.caller)
            var items = [URLQueryItem(name: "rules", value: name)]
            for field in ["subject", "period", "category"] {
                if let value = form[field], !value.isEmpty { items.append(URLQueryItem(name: field, value: value)) }
            }
            var components = URLComponents()
            components.path = "/app/dashboard"
            components.queryItems = items
            return WebSession.redirect(to: components.string ?? "/app/dashboard")
        }
    }

    /// `GET /app/dashboard/hotspots.json?period=&category=`: the Gi* class of every significant grid
    /// within the caller's reach, `{"GRID CODE": class}` (−3…3; a grid left out is not significant),
    /// a few kilobytes for the map instead of the hot-spot GeoJSON. ETag from the configuration
    /// version, the fact table's generation and the query.
    @Sendable func hotSpotClasses(_ request: Request, context: CityRequestContext) async throws -> Response {
        let period = RequestInput.query(request, "period") ?? Self.lastMonth()
        let category = RequestInput.query(request, "category").flatMap { $0.isEmpty ? nil : $0 }
        let cells = try await application.hotSpotCells(period: period, category: category, for: context.caller)
        return DashboardHotSpots.classesResponse(cells, request: request, tag: application.analysisTag)
    }

    /// A line of daily counts as SVG values: the polyline's points (numbers only), the first and last
    /// day, the highest count.
    static func trendChart(_ series: VolumeSeries, label: String, total: Int, language: PageLanguage) -> [String: Any] {
        let width = 600.0, height = 140.0, left = 30.0, top = 10.0
        let highest = max(1, series.counts.max() ?? 1)
        let step = (width - left) / Double(max(1, series.counts.count - 1))
        let points = series.counts.enumerated().map { i, n in
            String(format: "%.1f,%.1f", left + Double(i) * step, top + height - Double(n) / Double(highest) * height)
        }.joined(separator: " ")
        return ["points": points, "label": label, "first": series.labels.first ?? "", "last": series.labels.last ?? "",
                "highest": highest, "total": total, "totalLabel": language.text(WebText.casesCount)]
    }

    @Sendable func explain(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let explanation = try await application.explanation(
                rules: RequestInput.query(request, "rules") ?? "standard", subject: RequestInput.query(request, "subject"), period: RequestInput.query(request, "period"),
                code: RequestInput.query(request, "code"), indicator: RequestInput.query(request, "indicator"), for: context.caller)
            let values: [String: Any] = [
                "heading": language.text(WebText.explanation), "subject": explanation.subjectCode, "indicator": explanation.indicator,
                "period": explanation.period.description, "value": explanation.value.map { String(format: "%.3f", $0) } ?? "—",
                "numeratorLabel": language.text(WebText.numerator), "denominatorLabel": language.text(WebText.denominator),
                "numerator": explanation.numerator.map { ["id": $0.rawValue] }, "denominator": explanation.denominator.map { ["id": $0.rawValue] },
                "numeratorCount": explanation.numerator.count, "denominatorCount": explanation.denominator.count,
                "back": language.text(WebText.backToDashboard),
            ]
            return renderer.page("explain", title: language.text(WebText.explanation), language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }
}
