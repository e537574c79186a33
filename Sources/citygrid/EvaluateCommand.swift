import ArgumentParser
import CityGridAnalytics
import CityGridCore
import CityGridService
import Foundation

/// `citygrid evaluate`: scores, grades and ranks one class of subjects over a period with a rule set.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate and rank subjects (departments, regions, staff) with indicator rules (综合评价).",
        discussion: """
            Periods are in the city's local time; a case counts in the period it was reported in. --rules takes a preset \
            (standard, three-rates, basic) or a rule file (`citygrid export rules standard` writes one to start from). \
            --explain INDICATOR --code SUBJECT lists the cases behind one figure.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month, YYYY-MM.") var month: String?
    @Option(help: "Any period: 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15.") var period: String?
    @Option(help: "district, subdistrict, community, grid, department, enterprise, ngo, inspector, intake_operator, shift_leader or dispatcher.")
    var subject = "department"
    @Option(help: "A preset (standard, three-rates, basic) or a rule file.") var rules = "standard"
    @Option(help: "Output: table, json or csv.") var format = "table"
    @Option(help: "Language of names in the table: zh or en.") var lang = "zh"
    @Option(help: "List the cases behind this indicator (with --code).") var explain: String?
    @Option(help: "The subject whose figure --explain lists.") var code: String?
    @Option(help: "The moment overdue cases are judged at (ISO 8601); default now.") var now: String?
    @Flag(help: "Print the time of each start-up phase to standard error.") var timings = false

    func validate() throws {
        guard (month == nil) != (period == nil) else { throw ValidationError("give --month YYYY-MM or --period P (one of them)") }
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, json or csv") }
        guard SubjectClass(rawValue: subject) != nil else {
            throw ValidationError("--subject must be one of \(SubjectClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (explain == nil) == (code == nil) else { throw ValidationError("--explain and --code go together") }
        if let now { guard ISOTime.parse(now) != nil else { throw ValidationError("--now must be \(ISOTime.expectation)") } }
    }

    func run() async throws {
        let text = month ?? period!
        guard let evaluationPeriod = EvaluationPeriod(text), month == nil || evaluationPeriod.kind == .month else {
            throw ValidationError(month != nil ? "--month must be YYYY-MM, e.g. 2026-10" : "--period must be 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15")
        }
        let subjectClass = SubjectClass(rawValue: subject)!
        // Only what an evaluation needs: the store, the city, the fact table and the users (no
        // geocoder, no media library: a service would build them for nothing).
        var phases = PhaseTimer(enabled: timings)
        let store = try database.openStore()
        phases.lap("open the database")
        guard let city = try await store.loadCity() else {
            throw DomainError(.notFound, code: "no_city", zh: "数据库中还没有城市：请先运行 citygrid init", en: "The database holds no city yet: run `citygrid init` first")
        }
        phases.lap("load the city")
        let facts = try await database.loadFacts(store: store, city: city)
        phases.lap("load the fact table (\(facts.count) cases)")
        let ruleSet = try RuleSets.load(rules, workflow: city.workflow)
        let users = try await store.users()
        let evaluator = Evaluator(city: city, users: users)
        phases.lap("rules, users and evaluator")
        let moment = now.flatMap(ISOTime.parse) ?? Date()
        defer { phases.lap("evaluate and print"); phases.finish() }
        if let explain, let code {
            let e = try facts.read { try evaluator.explain(ruleSet, subject: subjectClass, code: code, indicator: explain, period: evaluationPeriod, facts: $0, now: moment) }
            try printExplanation(e)
            return
        }
        let report = try facts.read { try evaluator.evaluate(ruleSet, subject: subjectClass, period: evaluationPeriod, facts: $0, now: moment) }
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(EvaluationFormats.json(report)), as: UTF8.self))
        case "csv": print(EvaluationFormats.csv(report), terminator: "")
        default: print(EvaluationFormats.table(report, language: Language(preference: lang)), terminator: "")
        }
    }

    private func printExplanation(_ e: Explanation) throws {
        switch format {
        case "json":
            struct Out: Encodable { var subject: String; var indicator: String; var period: String; var value: Double?; var numerator: [CaseID]; var denominator: [CaseID] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Out(subject: e.subjectCode, indicator: e.indicator, period: e.period.description,
                                                          value: e.value, numerator: e.numerator, denominator: e.denominator)), as: UTF8.self))
        default:
            print("case_id,in_numerator,in_denominator")
            let numerator = Set(e.numerator), denominator = Set(e.denominator)
            for id in numerator.union(denominator).sorted() {
                print("\(id),\(numerator.contains(id) ? 1 : 0),\(denominator.contains(id) ? 1 : 0)")
            }
            Console.error("\(e.indicator) of \(e.subjectCode) in \(e.period): \(e.value.map { "\($0)" } ?? "no value"); numerator \(e.numerator.count) cases, denominator \(e.denominator.count)")
        }
    }
}
