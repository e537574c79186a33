import CityGridAnalytics
import CityGridApplication
import CityGridCore
import Foundation

/// The dashboard's analyses beside the ranking: the time-to-close distributions (结案用时) as SVG
/// drawn on the server (a histogram of every closed case, a box chart per body) with their figures
/// in a table, and the recurring problems proposed as next month's themes (每月一题). Values for
/// the Mustache template: numbers and escaped texts only.
enum DashboardCharts {
    /// How many bodies the box chart shows (those with the most closed cases).
    static let bodiesShown = 8

    static func hours(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }

    /// The time-to-close section: a histogram over ``DurationStats/binLabels``, a box chart per body
    /// (median to 90th percentile, whisker to the 95th), and the same figures as a table.
    static func timeToClose(_ analysis: TimeToClose, city: CityModel, language: PageLanguage) -> [String: Any] {
        let overall = analysis.overall
        var values: [String: Any] = [
            "heading": language.text(WebText.timeToCloseHeading), "hint": language.text(WebText.timeToCloseHint),
            "chartLabel": language.text(WebText.timeToCloseChart), "boxLabel": language.text(WebText.boxChart),
            "groupLabel": language.text(WebText.group), "closedLabel": language.text(WebText.closedCases),
            "medianLabel": language.text(WebText.median), "p90Label": language.text(WebText.p90), "meanLabel": language.text(WebText.mean),
            "byBodyLabel": language.text(WebText.byBody), "noClosed": language.text(WebText.noClosed),
            "hasClosed": overall.count > 0,
        ]
        guard overall.count > 0 else { return values }
        // The histogram: 7 bins, 80 units apart, bars up to 130 high.
        let highest = max(1, overall.histogram.max() ?? 1)
        values["bins"] = overall.histogram.enumerated().map { i, n in
            let height = Int((Double(n) / Double(highest) * 130).rounded())
            return ["x": 40 + i * 84, "labelX": 40 + i * 84 + 36, "y": 150 - height, "height": height, "count": n,
                    "countY": 144 - height, "label": language.text(DurationStats.binLabels[i])] as [String: Any]
        }
        let names = Dictionary(city.organisations.map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ code: String) -> String {
            code.isEmpty ? language.text(TimeToClose.noDepartment) : names[code].map(language.text) ?? code
        }
        let groups = [(language.text(WebText.allCases), overall)]
            + analysis.byDepartment.sorted { $0.stats.count != $1.stats.count ? $0.stats.count > $1.stats.count : $0.code < $1.code }
                .prefix(bodiesShown).map { (name($0.code), $0.stats) }
        // The box chart's scale: 0 to the largest 95th percentile shown, over 400 units from x = 220.
        let top = max(1, groups.map(\.1.p95Hours).max() ?? 1)
        func x(_ hours: Double) -> Int { 220 + Int((min(hours, top) / top * 400).rounded()) }
        values["boxes"] = groups.enumerated().map { i, group in
            let (label, s) = group
            let y = 10 + i * 26
            return ["label": label, "y": y, "textY": y + 14, "midY": y + 9, "boxX": x(s.medianHours), "boxWidth": max(2, x(s.p90Hours) - x(s.medianHours)),
                    "p90X": x(s.p90Hours), "p95X": x(s.p95Hours), "medianX": x(s.medianHours),
                    "count": s.count, "median": hours(s.medianHours), "p90": hours(s.p90Hours), "mean": hours(s.meanHours)] as [String: Any]
        }
        values["boxHeight"] = 20 + groups.count * 26
        values["scaleTop"] = hours(top)
        return values
    }

    /// The recurring problems proposed for the month after the period (每月一题), for callers whose
    /// analytics reach the whole city; a hint for others who hold analytics; nil on anything else.
    static func recurring(_ application: CityApplication, period: EvaluationPeriod, caller: Caller, language: PageLanguage) async -> [String: Any]? {
        let (year, month, _) = period.end.components
        let target = String(format: "%04d-%02d", year, month)
        var values: [String: Any] = [
            "heading": language.text(WebText.recurringHeading), "hint": language.text(WebText.recurringHint),
            "rankLabel": language.text(WebText.rank), "themeLabel": language.text(WebText.theme), "volumeLabel": language.text(WebText.volume),
            "growthLabel": language.text(WebText.growth), "recurrenceLabel": language.text(WebText.recurrence),
            "monthlyLabel": language.text(WebText.monthly), "forecastLabel": language.text(WebText.forecast),
            "noThemes": language.text(WebText.noThemes), "month": target,
        ]
        do {
            let problems = try await application.recurringProblemsAnalysis(month: target, months: 6, level: nil, top: 10, for: caller,
                                                                             staleFor: CityApplication.historyStaleness)
            values["allowed"] = true
            values["window"] = "\(problems.months.first ?? "")…\(problems.months.last ?? "")"
            values["hasThemes"] = !problems.themes.isEmpty
            // A theme's cases: the command centre's list of that category in that region over the window.
            let windowStart = problems.months.first.flatMap { LocalDate($0 + "-01") }
            let windowEnd = LocalDate(String(format: "%04d-%02d-01", year, month)).map { LocalDate(dayNumber: $0.dayNumber - 1) }
            func casesLink(_ theme: RecurringProblems.Theme) -> String {
                var components = URLComponents()
                components.path = "/app/centre"
                var items = [URLQueryItem(name: "category", value: theme.category)]
                if let windowStart, let windowEnd { items.insert(URLQueryItem(name: "period", value: "\(windowStart)..\(windowEnd)"), at: 0) }
                if !theme.region.isEmpty { items.append(URLQueryItem(name: "region", value: theme.region)) }
                components.queryItems = items
                return components.string ?? "/app/centre"
            }
            values["themes"] = problems.themes.map { theme in
                ["rank": theme.rank, "title": language.text(theme.title), "category": theme.category, "region": theme.region, "href": casesLink(theme),
                 "volume": theme.volume, "growth": theme.growth.map { String(format: "×%.2f", $0) } ?? "—",
                 "recurrence": "\(theme.recurrence)/\(problems.months.count)",
                 "monthly": theme.monthly.map(String.init).joined(separator: " · "),
                 "forecast": String(format: "%.0f", theme.forecast)] as [String: Any]
            }
            return values
        } catch let error as DomainError where error.kind == .forbidden {
            values["allowed"] = false
            values["hasThemes"] = false
            values["cityOnly"] = language.text(WebText.recurringCityOnly)
            return values
        } catch {
            return nil
        }
    }
}
