import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The leaders' dashboard (领导驾驶舱): a ranking of one subject class for a period, with grade,
/// rank and change against the previous period, a bar chart of the composite scores drawn as SVG on
/// the server, and every figure a link to the cases behind it (the explanation). Read through the
/// application layer, so a district leader sees their district's rows, a department its own.
struct DashboardController {
    let application: CityApplication
    let renderer: PageRenderer

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/dashboard", use: dashboard)
        router.get("app/explain", use: explain)
    }

    /// The subjects the dashboard offers, in the order of the select.
    static let subjects: [SubjectClass] = [.district, .subdistrict, .community, .department, .inspector, .dispatcher]

    /// The last complete month in China Standard Time, `YYYY-MM`.
    static func lastMonth(now: Date = Date()) -> String {
        let calendar = PageTime.calendar
        let c = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -1, to: now)!)
        return String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
    }



    @Sendable func dashboard(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let subject = RequestInput.query(request, "subject") ?? "department"
            let period = RequestInput.query(request, "period") ?? Self.lastMonth()
            let rules = RequestInput.query(request, "rules") ?? "standard"
            let report = try await application.evaluationReport(.preset(rules), subject: subject, period: period, for: context.caller)
            let shown = Array(report.indicators.prefix(4))
            func number(_ value: Double?, _ digits: Int = 1) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "—" }
            func link(_ code: String, _ indicator: String) -> String {
                "/app/explain?rules=\(rules)&subject=\(subject)&period=\(period)&code=\(code)&indicator=\(indicator)"
                    .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            }
            let rows: [[String: Any]] = report.rows.sorted { ($0.rank ?? .max, $0.code) < ($1.rank ?? .max, $1.code) }.map { row in
                let change = row.change
                return ["rank": row.rank.map(String.init) ?? "—", "name": language.text(row.name), "code": row.code,
                        "composite": number(row.composite), "grade": row.grade ?? "—", "cases": row.cases,
                        "change": change.map { String(format: "%+.1f", $0) } ?? "—",
                        "changeWord": change.map { $0 > 0.05 ? language.text(WebText.up) : $0 < -0.05 ? language.text(WebText.down) : language.text(WebText.same) } ?? "",
                        "figures": shown.enumerated().map { i, indicator in
                            ["value": number(row.figures[i].value, 3), "href": link(row.code, indicator.id),
                             "title": language.text(indicator.label)]
                        }]
            }
            // The chart: the best 15 composites as horizontal bars, 0-100.
            let charted = report.rows.filter { $0.composite != nil }.sorted { $0.composite! > $1.composite! }.prefix(15)
            let bars: [[String: Any]] = charted.enumerated().map { i, row in
                ["y": 8 + i * 22, "textY": 23 + i * 22, "width": Int((row.composite! * 4).rounded()), "label": language.text(row.name),
                 "value": number(row.composite), "valueX": 196 + Int((row.composite! * 4).rounded())]
            }
            var values: [String: Any] = [
                "heading": language.text(WebText.dashboard), "subjectLabel": language.text(WebText.subject),
                "periodLabel": language.text(WebText.period), "rulesLabel": language.text(WebText.rules), "show": language.text(WebText.show),
                "period": period, "subjects": Self.subjects.map { ["value": $0.rawValue, "label": language.text($0.label), "selected": $0.rawValue == subject] },
                "ruleSets": application.ruleSetNames.map { ["value": $0, "selected": $0 == rules] },
                "ruleSetLabel": language.text(report.ruleSetLabel), "periodShown": report.period.description,
                "previousShown": report.previousPeriod.description,
                "indicators": shown.map { ["title": language.text($0.label)] }, "rows": rows, "empty": rows.isEmpty,
                "noRows": language.text(WebText.noRows), "rankLabel": language.text(WebText.rank), "nameLabel": language.text(WebText.name),
                "compositeLabel": language.text(WebText.composite), "gradeLabel": language.text(WebText.grade),
                "changeLabel": language.text(WebText.change), "casesLabel": language.text(WebText.casesCount),
                "bars": bars, "chartHeight": 16 + bars.count * 22, "chartLabel": language.text(WebText.chartLabel),
                "hasBars": !bars.isEmpty,
            ]
            // The period's daily volume, for those whose analytics reach it (the same scope as the API's trends).
            if application.policy.holds(context.caller, .analyticsRead),
               let trend = try? await application.trendAnalysis(AnalysisRequest(period: period), for: context.caller),
               trend.daily.counts.count > 1 {
                values["trend"] = Self.trendChart(trend.daily, label: language.text(WebText.trendLabel), total: trend.total, language: language)
            }
            return renderer.page("dashboard", title: language.text(WebText.dashboard), language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
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
