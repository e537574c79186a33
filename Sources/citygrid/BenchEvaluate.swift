import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation

/// `citygrid bench evaluate`: the evaluation engine on millions of simulated cases.
struct BenchEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluation over simulated cases held as facts: every month × every department, and one month.",
        discussion: """
            Simulates --cases cases over --months months with the real intake and workflow, in memory (facts in bulk, \
            not through the store), builds the fact table, and times the basic preset's six figures (cases, closure rate, \
            on-time disposal rate, rework rate, mean disposal hours, mean satisfaction) for every month × every disposing body \
            (every disposing body: departments, offices and enterprises, the export's department_code) and every month × every subdistrict (one scan each), and for the last month × every department (with the \
            month before, which an evaluation always compares with). --export DIR also writes DIR/cases.csv (the case \
            export's contract columns, as `export cases --columns contract` writes them, for shared/anchors/kpi.py) and DIR/citygrid_month_department.csv (our rows, in kpi.py's columns).
            """)

    @Option(help: "Simulated cases.") var cases = 10_000_000
    @Option(help: "Months of 30 days the reports span.") var months = 24
    @Option(help: "The end of the span (ISO 8601).") var end = "2026-11-01T00:00:00Z"
    @Option var seed: UInt64 = 1
    @Option(help: "Timed runs per query (after one untimed).") var `repeat` = 5
    @Option(help: "Write the case export and our rows here.") var export: String?

    func validate() throws {
        guard cases > 0, months > 0, self.repeat > 0 else { throw ValidationError("--cases, --months and --repeat must be positive") }
        guard ISOTime.parse(end) != nil else { throw ValidationError("--end must be \(ISOTime.expectation)") }
    }

    func run() async throws {
        let (city, users) = try await benchCity(db: nil, seed: seed)
        let started = Date()
        var facts = try simulateFacts(city: city, users: users, options: SimulationOptions(cases: cases, seed: seed, months: months, end: ISOTime.parse(end)!),
                                      export: export)
        let simulated = Date().timeIntervalSince(started)
        let clusterStart = Date()
        facts.clusterByMonth()
        let clustered = Date().timeIntervalSince(clusterStart)
        print("simulated \(facts.count) cases in \(String(format: "%.1f", simulated)) s\(export != nil ? " (with the CSV export)" : ""); clustered by month in \(String(format: "%.2f", clustered)) s")
        print("fact table: \(facts.memoryBytes / 1_000_000) MB, \(String(format: "%.1f", Double(facts.memoryBytes) / Double(facts.count))) bytes per case")

        let rules = try RuleSets.load("basic", workflow: city.workflow)
        let evaluator = Evaluator(city: city, users: users)
        let firstDay = Int(facts.day.min() ?? 0), lastDay = Int(facts.day.max() ?? 0)
        let first = LocalDate(dayNumber: firstDay + CaseFacts.epochDay).components, last = LocalDate(dayNumber: lastDay + CaseFacts.epochDay).components
        let allMonths = EvaluationPeriod(kind: .range, start: LocalDate(year: first.year, month: first.month, day: 1)!,
                                         end: EvaluationPeriod.month(last.year, last.month)!.end).months
        let lastMonth = allMonths.last!
        print("\(allMonths.count) months, \(allMonths.first!) to \(lastMonth); \(ProcessInfo.processInfo.activeProcessorCount) threads")

        var byMonth: [EvaluationReport] = []
        try benchTime("month × department (6 figures)", repeat: self.repeat) { byMonth = try evaluator.evaluate(rules, subject: .department, periods: allMonths, facts: facts) }
        try benchTime("month × subdistrict (6 figures)", repeat: self.repeat) { _ = try evaluator.evaluate(rules, subject: .subdistrict, periods: allMonths, facts: facts) }
        try benchTime("one month × department (with the month before)", repeat: self.repeat) { _ = try evaluator.evaluate(rules, subject: .department, period: lastMonth, facts: facts) }

        if let export {
            // Our rows in kpi.py's columns, for the comparison.
            var out = "grouping,month,key,cases,closure_rate,on_time_rate,rework_rate,mean_disposal_hours,satisfaction_rate\n"
            for report in byMonth {
                for row in report.rows.sorted(by: { $0.code < $1.code }) where row.cases > 0 {
                    let f = row.figures.map { $0.value.map { "\($0)" } ?? "" }
                    out += "month_department,\(report.period),\(row.code),\(row.cases),\(f[1]),\(f[2]),\(f[3]),\(f[4]),\(f[5])\n"
                }
            }
            try out.write(toFile: export + "/citygrid_month_department.csv", atomically: true, encoding: .utf8)
            print("wrote \(export)/cases.csv and \(export)/citygrid_month_department.csv")
        }
    }
}
