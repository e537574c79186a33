import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// The command centre's wall (指挥中心大屏): one dark page for a 1920 × 1080 screen, in large type,
/// that reloads itself every minute: the figures of the moment (open, warned, overdue, reported
/// today; each a link to those cases), the ranking's top and bottom five with
/// their grades, the last 30 days' daily volume, and the hot-spot map with its legend in words.
/// Same scope as the dashboard: what the caller's evaluation and analytics may read.
struct WallController {
    let application: CityApplication
    let renderer: PageRenderer

    /// Seconds between the wall's reloads.
    static let refreshSeconds = 60

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/dashboard/wall", use: wall)
    }

    @Sendable func wall(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            var choice = DashboardController.Choice(request)
            if RequestInput.query(request, "subject") == nil { choice.subject = "district" }
            _ = try AnalysisInput.category(choice.category)
            let caller = context.caller
            let now = Date()
            let report = try await application.evaluationReport(application.ruleChoice(choice.rules), subject: choice.subject, period: choice.period, for: caller)
            let ranked = report.rows.filter { $0.rank != nil }.sorted { ($0.rank!, $0.code) < ($1.rank!, $1.code) }
            let indicator = report.indicators.first?.id ?? ""
            func row(_ r: EvaluationReport.Row) -> [String: Any] {
                ["rank": r.rank.map(String.init) ?? "—", "name": language.text(r.name), "composite": DashboardController.number(r.composite),
                 "grade": r.grade ?? "—", "change": r.change.map { String(format: "%+.1f", $0) } ?? "—",
                 "href": DashboardController.explainLink(rules: choice.rules, subject: choice.subject, period: choice.period, code: r.code, indicator: indicator)]
            }
            let top = Array(ranked.prefix(5)), bottom = ranked.count > 5 ? Array(ranked.suffix(min(5, ranked.count - 5))) : []
            var values: [String: Any] = [
                "title": language.text(WebText.wall), "city": language.text(application.current.city.name),
                "updatedLabel": language.text(WebText.updatedAt), "updated": PageTime.minute(now),
                "refreshHint": language.text(WebText.refreshHint), "refresh": Self.refreshSeconds,
                "subjectName": language.text(report.subjectClass.label), "periodShown": report.period.description,
                "ruleSetLabel": language.text(report.ruleSetLabel),
                "bestLabel": language.text(WebText.best), "worstLabel": language.text(WebText.worst),
                "rankLabel": language.text(WebText.rank), "nameLabel": language.text(WebText.name),
                "compositeLabel": language.text(WebText.composite), "gradeLabel": language.text(WebText.grade),
                "changeLabel": language.text(WebText.change),
                "best": top.map(row), "worst": bottom.map(row), "hasWorst": !bottom.isEmpty, "noRows": language.text(WebText.noRows),
                "hasRows": !ranked.isEmpty, "dashboardLink": "/app/dashboard?" + choice.query, "dashboardLabel": language.text(WebText.backToDashboard),
                "otherLanguage": language == .zh ? "en" : "zh", "switchLanguage": language.text(WebText.switchLanguage),
                "wallQuery": choice.query,
                "figures": false, "trend": false, "hotSpots": false,
            ]
            // The figures of the moment, as the command centre's map counts them (each a link to those cases).
            if let f = try? await application.commandCentreFigures(for: caller, at: now) {
                values["figures"] = [
                    ["label": language.text(WebText.openNow), "value": f.open, "href": "/app/centre", "class": "open"],
                    ["label": language.text(WebText.warnedNow), "value": f.warned, "href": "/app/cases?alert=warned", "class": "soon"],
                    ["label": language.text(WebText.overdueNow), "value": f.overdue, "href": "/app/cases?alert=escalated", "class": "overdue"],
                    ["label": language.text(WebText.reportedToday), "value": f.reportedToday, "href": "/app/centre?period=today", "class": "today"],
                ]
            }
            if application.policy.holds(caller, .analyticsRead) {
                let calendar = PageTime.calendar
                let day = { (d: Date) -> String in
                    let c = calendar.dateComponents([.year, .month, .day], from: d)
                    return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
                }
                let recent = "\(day(calendar.date(byAdding: .day, value: -29, to: now)!))..\(day(now))"
                if let trend = try? await application.trendAnalysis(AnalysisRequest(period: recent), for: caller), trend.daily.counts.count > 1 {
                    values["trend"] = DashboardController.trendChart(trend.daily, label: language.text(WebText.last30Days), total: trend.total, language: language)
                }
                if let section = await DashboardHotSpots.section(application, choice: choice, caller: caller, language: language) {
                    values["hotSpots"] = section
                }
            }
            return renderer.document("wall", language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }
}
