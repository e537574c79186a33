import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation

/// `citygrid analyze`: trends, recurring problems and time-to-close, from the fact table.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Trends, recurring problems (每月一题) and time-to-close distributions.",
        subcommands: [AnalyzeTrends.self, AnalyzeRecurring.self, AnalyzeTimeToClose.self])
}

/// What the analyses share: the database, the period, the filters and the output.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The period: 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15.") var period: String
    @Option(help: "A category code prefix (E01, C0102, 01).") var category: String?
    @Option(help: "Only cases in this region (district, subdistrict, community or grid code).") var region: String?
    @Option(help: "Only cases dispatched to this body.") var department: String?
    @Option(help: "Output: table or json.") var format = "table"
    @Option(help: "Language of the table: zh or en.") var lang = "zh"

    func validate() throws {
        guard EvaluationPeriod(period) != nil else { throw ValidationError("--period must be 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15") }
        if let category { guard CategoryPrefix(category) != nil else { throw ValidationError("--category is a code prefix such as E01, C0102 or 01") } }
        if let region { guard RegionCode(region) != nil else { throw ValidationError("--region must be a region code") } }
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
    }

    var filter: FactFilter {
        var f = FactFilter(period: EvaluationPeriod(period)!)
        f.category = category.flatMap(CategoryPrefix.init)
        f.region = region.flatMap(RegionCode.init)
        f.department = department
        return f
    }

    var language: Language { Language(preference: lang) }

}

/// Prints `value` as pretty JSON with snake-case keys, like the API.
func printSnakeJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct AnalyzeTrends: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trends", abstract: "Volume by day, week, month, weekday and hour; seasonality; the linear trend.")
    @OptionGroup var options: AnalysisOptions

    func run() async throws {
        let (_, facts) = try await options.database.openFacts()
        let t = facts.read { TrendAnalysis(facts: $0, filter: options.filter) }
        guard options.format == "table" else { return try printSnakeJSON(t) }
        let zh = options.language == .zh
        print(zh ? "案件总数 \(t.total)" : "Cases: \(t.total)")
        print(zh ? "按月：" : "By month:")
        for (label, n) in zip(t.monthly.labels, t.monthly.counts) { print("  \(label)\t\(n)") }
        print(zh ? "按星期（季节指数）：" : "By weekday (seasonal index):")
        for (i, n) in t.byWeekday.enumerated() {
            print("  \(TrendAnalysis.weekdayNames[i].text(options.language))\t\(n)\t\(String(format: "%.2f", t.seasonality.weekday[i]))")
        }
        print(zh ? "按小时（季节指数）：" : "By hour (seasonal index):")
        for (h, n) in t.byHour.enumerated() { print("  \(h < 10 ? "0" : "")\(h):00\t\(n)\t\(String(format: "%.2f", t.seasonality.hour[h]))") }
        let change = t.trend.relativeChange.map { String(format: "%+.1f%%", $0 * 100) } ?? "–"
        print((zh ? "趋势：每日 " : "Trend: ") + String(format: "%+.2f", t.trend.slopePerDay) + (zh ? " 件/日，期间变化 " : " cases/day, change over the period ") + change)
    }
}

struct AnalyzeRecurring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recurring",
        abstract: "Category × region combinations ranked by volume, growth and recurrence: themes proposed for --month, from the --months before it (每月一题).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month to propose themes for, YYYY-MM; the window is the months before it.") var month: String
    @Option(parsing: .unconditional, help: "Months in the window.") var months = 6
    @Option(help: "district, subdistrict or community.") var level = "subdistrict"
    @Option(parsing: .unconditional, help: "Themes proposed.") var top = 10
    @Option(help: "Output: table or json.") var format = "table"
    @Option(help: "Language of the table: zh or en.") var lang = "zh"

    func validate() throws {
        guard let p = EvaluationPeriod(month), p.kind == .month else { throw ValidationError("--month must be YYYY-MM") }
        guard (2...36).contains(months), (1...100).contains(top) else { throw ValidationError("--months must be 2-36 and --top 1-100") }
        guard let l = RegionLevel(name: level), [.district, .subdistrict, .community].contains(l) else {
            throw ValidationError("--level must be district, subdistrict or community")
        }
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
    }

    func run() async throws {
        let (service, facts) = try await database.openFacts()
        let (y, m, _) = EvaluationPeriod(month)!.start.components
        var options = RecurringProblems.Options(months: months, level: RegionLevel(name: level)!, count: top)
        options.count = top
        let city = service.city
        let r = facts.read { RecurringProblems(facts: $0, forYear: y, month: m, options: options, city: city) }
        if format == "json" { return try printSnakeJSON(r) }
        let language = Language(preference: lang), zh = language == .zh
        print(zh ? "\(r.months.first ?? "")–\(r.month) 共 \(r.totalCases) 件；建议主题：" : "\(r.months.first ?? "") to \(r.month), \(r.totalCases) cases; proposed themes:")
        print((zh ? ["名次", "主题", "案件", "增长", "复发月数", "下月预测"] : ["Rank", "Theme", "Cases", "Growth", "Months recurring", "Next month"]).joined(separator: "\t"))
        for t in r.themes {
            let growth = t.growth.map { String(format: "×%.2f", $0) } ?? "–"
            print("\(t.rank)\t\(t.title.text(language))\t\(t.volume)\t\(growth)\t\(t.recurrence)/\(r.months.count)\t\(String(format: "%.0f", t.forecast))")
        }
    }
}

struct AnalyzeTimeToClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "time-to-close", abstract: "Hours from report to closure: percentiles and histogram per category and department.")
    @OptionGroup var options: AnalysisOptions

    func run() async throws {
        let (service, facts) = try await options.database.openFacts()
        let t = facts.read { TimeToClose(facts: $0, filter: options.filter) }
        guard options.format == "table" else { return try printSnakeJSON(t) }
        let zh = options.language == .zh
        let names = Dictionary(service.city.organisations.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        print((zh ? ["分组", "结案数", "均值(h)", "中位(h)", "P90(h)", "P95(h)"] : ["Group", "Closed", "Mean h", "Median h", "P90 h", "P95 h"]).joined(separator: "\t"))
        func line(_ label: String, _ s: DurationStats) {
            print("\(label)\t\(s.count)\t" + [s.meanHours, s.medianHours, s.p90Hours, s.p95Hours].map { String(format: "%.1f", $0) }.joined(separator: "\t"))
        }
        line(zh ? "全部" : "All", t.overall)
        for g in t.byDepartment { line(names[OrganisationCode(g.code)]?.text(options.language) ?? (g.code.isEmpty ? TimeToClose.noDepartment.text(options.language) : g.code), g.stats) }
        for g in t.byCategory { line(g.code, g.stats) }
    }
}

