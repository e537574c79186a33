import CityGridAnalytics
import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import Foundation
import GRDB
import Testing

/// Every indicator of the shipped presets, computed a second way: plain SQL over the case export
/// (`CaseCSV`) loaded into SQLite, on simulated cases with every workflow deviation (returns,
/// suspensions, extensions, rework, merges, reopenings, invalidations). The two must agree: counts
/// exactly, shares and means to 1e-12 relative.
@Suite(.serialized) struct EvaluationCrossCheckTests {
    static let end = ISOTime.parse("2026-11-01T00:00:00Z")!

    /// The simulated city, its fact table and the export in SQLite, made once.
    final class World: Sendable {
        let city: CityModel
        let users: [User]
        let facts: CaseFacts
        let sql: DatabaseQueue

        init() async throws {
            let demo = DemoCityTests.small
            let store = try SQLiteCityStore(path: NSTemporaryDirectory() + "citygrid-eval-\(UUID().uuidString).sqlite")
            try await store.replaceCity(demo.city, users: demo.users, components: [])
            let service = CityService(store: store, city: demo.city)
            _ = try await CaseSimulator(service: service, users: demo.users)
                .run(SimulationOptions(cases: 4000, seed: 11, months: 3, end: EvaluationCrossCheckTests.end, batchSize: 1000))
            city = demo.city
            users = demo.users
            facts = try await LiveFacts.load(from: store, city: demo.city, users: demo.users).0.read { $0 }
            let stages = demo.city.workflow.stageNames
            var csv = CaseCSV.header(stages: stages)
            for try await batch in store.allCases(batchSize: 1000) { for c in batch { csv += CaseCSV.row(c, stages: stages) } }
            sql = try DatabaseQueue()
            try EvaluationCrossCheckTests.load(csv: csv, into: sql)
            try await sql.write { db in
                try db.execute(sql: "CREATE TABLE inspectors (id TEXT, jurisdiction TEXT)")
                for u in demo.users where u.role == .inspector {
                    try db.execute(sql: "INSERT INTO inspectors VALUES (?, ?)", arguments: [u.id.description, u.jurisdiction?.rawValue])
                }
                try db.execute(sql: "CREATE TABLE areas (grid_code TEXT PRIMARY KEY, km2 REAL)")
                for g in demo.city.grids {
                    try db.execute(sql: "INSERT INTO areas VALUES (?, ?)", arguments: [g.code.rawValue, g.areaSquareMetres / 1_000_000])
                }
            }
        }
    }

    nonisolated(unsafe) static var shared: World?
    static func world() async throws -> World {
        if let shared { return shared }
        let w = try await World()
        shared = w
        return w
    }

    // MARK: the second way

    /// SQL conditions over the export's columns, written by hand from the definitions.
    static let facts: [String: String] = [
        "all": "1",
        "filed": "filed_at <> ''", "closed": "closed_at <> ''", "disposed": "disposed_at <> ''", "dispatched": "dispatched_at <> ''",
        "disposed_on_time": "disposed_at <> '' AND deadline_at <> '' AND disposed_at <= deadline_at",
        "closed_on_time": "closed_at <> '' AND case_deadline_at <> '' AND closed_at <= case_deadline_at",
        "reworked": "CAST(rework_count AS INTEGER) > 0", "reworked_3": "CAST(rework_count AS INTEGER) >= 3",
        "returned": "CAST(return_count AS INTEGER) > 0", "invalidated": "status = 'invalidated'", "verified": "verified = '1'",
        "from_public": "source IN ('citizen_app', 'hotline', 'open311')", "from_inspector": "source = 'inspector'",
        "answered": "satisfaction <> ''", "visited": "solved <> ''", "solved": "solved = '1'",
        "overdue": "status NOT IN ('closed', 'rejected', 'invalidated') AND dispatched_at <> '' AND disposed_at = '' AND deadline_at <> '' AND deadline_at < '2026-11-01T00:00:00Z'",
    ]
    static func done(_ stage: String) -> String { "\(stage)_by <> ''" }
    static func onTime(_ stage: String) -> String { "\(stage)_by <> '' AND \(stage)_due_at <> '' AND \(stage)_at <= \(stage)_due_at" }
    static func firstOnTime(_ stage: String) -> String {
        "\(stage)_first_by <> '' AND \(stage)_first_due_at <> '' AND \(stage)_first_at <= \(stage)_first_due_at"
    }
    static let satisfactionScore = "CASE satisfaction WHEN 'satisfied' THEN 1.0 WHEN 'basically_satisfied' THEN 0.9 WHEN 'dissatisfied' THEN 0.0 END"
    static let disposalHours = "(CAST(strftime('%s', disposed_at) AS INTEGER) - CAST(strftime('%s', reported_at) AS INTEGER)) / 3600.0"

    enum Expected {
        case rate(String, String)
        case ratio(String, String)
        case count(String)
        case mean(String, over: String)
        case density(String)
    }

    /// Computes one indicator per subject key in SQL, for a local period.
    static func sql(_ e: Expected, key: String, from: String, to: String, join: String = "", _ db: Database) throws -> [String: Double?] {
        let select: String
        switch e {
        case .rate(let a, let b): select = "CAST(SUM(CASE WHEN (\(a)) AND (\(b)) THEN 1 ELSE 0 END) AS REAL) / NULLIF(SUM(CASE WHEN \(b) THEN 1 ELSE 0 END), 0)"
        case .ratio(let a, let b): select = "CAST(SUM(CASE WHEN \(a) THEN 1 ELSE 0 END) AS REAL) / NULLIF(SUM(CASE WHEN \(b) THEN 1 ELSE 0 END), 0)"
        case .count(let a): select = "SUM(CASE WHEN \(a) THEN 1 ELSE 0 END)"
        case .mean(let m, let over): select = "AVG(CASE WHEN \(over) THEN \(m) END)"
        case .density(let a): select = "SUM(CASE WHEN \(a) THEN 1 ELSE 0 END)"
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(key) AS k, \(select) AS v FROM cases \(join)
            WHERE date(reported_at, '+8 hours') >= ? AND date(reported_at, '+8 hours') < ? AND \(key) <> ''
            GROUP BY \(key)
            """, arguments: [from, to])
        var out: [String: Double?] = [:]
        for r in rows { out[r["k"]] = r["v"] as Double? }
        return out
    }

    /// Compares the evaluator's figures with SQL's, subject by subject.
    /// Compares this period's figures and the previous period's (`Figure.previous`) with SQL's; with
    /// `complete`, every SQL group must be one of the report's subjects.
    static func check(_ rules: RuleSet, _ subject: SubjectClass, _ expected: [String: Expected], key: String, join: String = "",
                      period: EvaluationPeriod, world w: World, densityKey: String? = nil, complete: Bool = false) throws -> Set<String> {
        let report = try Evaluator(city: w.city, users: w.users).evaluate(rules, subject: subject, period: period, facts: w.facts, now: end)
        let codes = Set(report.rows.map(\.code))
        var compared = Set<String>()
        for (i, rule) in report.indicators.enumerated() {
            guard let e = expected[rule.id] else { continue }
            compared.insert(rule.id)
            for previous in [false, true] {
            let p = previous ? period.previous : period
            var truth = try w.sql.read { try sql(e, key: key, from: p.start.description, to: p.end.description, join: join, $0) }
            if complete { #expect(Set(truth.keys).isSubset(of: codes), "\(rules.id) \(subject) \(rule.id): \(Set(truth.keys).subtracting(codes))") }
            if case .density = e, let densityKey {
                let areas = try w.sql.read { db in
                    Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT \(densityKey) AS k, SUM(km2) AS a FROM areas GROUP BY k")
                        .map { ($0["k"] as String, $0["a"] as Double) })
                }
                truth = truth.reduce(into: [:]) { out, kv in out[kv.key] = kv.value.map { $0 / areas[kv.key]! } }
            }
            for row in report.rows {
                let ours = previous ? row.figures[i].previous : row.figures[i].value
                let theirs = truth[row.code] ?? nil
                switch e {
                case .count, .density:
                    // A subject without cases has 0 here and no SQL group.
                    let t = theirs ?? 0
                    #expect(abs((ours ?? 0) - t) <= 1e-12 * max(1, abs(t)), "\(rules.id) \(subject) \(row.code) \(rule.id): \(String(describing: ours)) vs \(t)")
                default:
                    if let t = theirs {
                        #expect(ours != nil && abs(ours! - t) <= 1e-12 * max(1, abs(t)), "\(rules.id) \(subject) \(row.code) \(rule.id): \(String(describing: ours)) vs \(t)")
                    } else {
                        #expect(ours == nil, "\(rules.id) \(subject) \(row.code) \(rule.id): \(String(describing: ours)) vs none")
                    }
                }
            }
            }
        }
        return compared
    }

    static let periods = [EvaluationPeriod("2026-08")!, EvaluationPeriod("2026-09")!, EvaluationPeriod("2026-10")!, EvaluationPeriod("2026-Q3")!,
                          EvaluationPeriod("2026-09-25..2026-10-06")!]

    // MARK: tests

    @Test func basicPresetEqualsSQLForEverySubjectClass() async throws {
        let w = try await Self.world()
        let rules = try RuleSets.load("basic", workflow: w.city.workflow)
        let basic: [String: Expected] = [
            "cases": .count("1"), "closure_rate": .rate(Self.facts["closed"]!, "1"),
            "ontime_disposal_rate": .rate(Self.facts["disposed_on_time"]!, Self.facts["disposed"]!),
            "rework_rate": .rate(Self.facts["reworked"]!, "1"), "mean_disposal_hours": .mean(Self.disposalHours, over: Self.facts["disposed"]!),
            "mean_satisfaction": .mean(Self.satisfactionScore, over: Self.facts["answered"]!),
        ]
        for period in Self.periods {
            for (subject, key) in [(SubjectClass.department, "department_code"), (.district, "district_code"), (.subdistrict, "subdistrict_code"),
                                   (.grid, "grid_code"), (.inspector, "reporter_id"), (.dispatcher, "dispatch_by")] {
                #expect(try Self.check(rules, subject, basic, key: key, period: period, world: w, complete: subject.role == nil) == Set(basic.keys))
            }
        }
    }

    @Test func standardPresetEqualsSQL() async throws {
        let w = try await Self.world()
        let rules = try RuleSets.load("standard", workflow: w.city.workflow)
        let f = Self.facts
        let body: [String: Expected] = [
            "volume": .count(f["dispatched"]!), "closure": .rate(f["closed"]!, "(\(f["disposed"]!)) OR (\(f["overdue"]!))"),
            "on_time": .rate(f["disposed_on_time"]!, f["disposed"]!), "rework": .rate(f["reworked"]!, f["disposed"]!),
        ]
        let region: [String: Expected] = [
            "inspector_share": .rate(f["from_inspector"]!, "1"), "closure": .rate(f["closed"]!, "(\(f["disposed"]!)) OR (\(f["overdue"]!))"),
            "closed_on_time": .rate(f["closed_on_time"]!, "(\(f["disposed"]!)) OR (\(f["overdue"]!))"), "density": .density(f["filed"]!),
        ]
        var covered: [SubjectClass: Set<String>] = [:]
        func check(_ subject: SubjectClass, _ expected: [String: Expected], key: String, join: String = "", period: EvaluationPeriod,
                   densityKey: String? = nil) throws {
            covered[subject, default: []].formUnion(try Self.check(rules, subject, expected, key: key, join: join, period: period, world: w, densityKey: densityKey))
        }
        for period in Self.periods {
            try check(.department, body, key: "department_code", period: period)
            try check(.enterprise, body, key: "department_code", period: period)
            try check(.district, region, key: "district_code", period: period, densityKey: "substr(grid_code, 1, 6)")
            try check(.community, region, key: "community_code", period: period, densityKey: "substr(grid_code, 1, 12)")
            try check(.inspector, ["valid_report": .rate(f["filed"]!, f["from_inspector"]!)], key: "reporter_id", period: period)
            try check(.inspector, ["miss": .ratio(f["from_public"]!, f["filed"]!)], key: "inspectors.id",
                               join: "JOIN inspectors ON grid_code LIKE inspectors.jurisdiction || '%'", period: period)
            try check(.inspector, ["verify_on_time": .rate(Self.onTime("verification"), Self.done("verification"))],
                               key: "verification_by", period: period)
            try check(.inspector, ["check_on_time": .rate(Self.onTime("check"), Self.done("check"))], key: "check_by", period: period)
            try check(.intakeOperator, [
                "volume": .count(Self.done("intake")), "intake_on_time": .rate(Self.onTime("intake"), Self.done("intake")),
            ], key: "intake_by", period: period)
            try check(.intakeOperator, ["verify_on_time": .rate(Self.firstOnTime("intake"), "\(Self.done("intake")) AND \(f["verified"]!)")],
                      key: "intake_first_by", period: period)
            try check(.shiftLeader, [
                "filing_on_time": .rate(Self.onTime("filing"), Self.done("filing")), "accurate_filing": .rate("NOT (\(f["invalidated"]!))", f["filed"]!),
            ], key: "filing_by", period: period)
            try check(.shiftLeader, ["closing_on_time": .rate(Self.onTime("closing"), Self.done("closing"))],
                               key: "closing_by", period: period)
            try check(.dispatcher, [
                "volume": .count(Self.done("dispatch")), "dispatch_on_time": .rate(Self.onTime("dispatch"), Self.done("dispatch")),
            ], key: "dispatch_by", period: period)
            try check(.dispatcher, ["accurate_dispatch": .rate("NOT (\(f["returned"]!))", Self.done("dispatch"))], key: "dispatch_first_by", period: period)
        }
        // Every indicator of every class checked was compared.
        for subject in [SubjectClass.department, .enterprise, .district, .community, .inspector, .intakeOperator, .shiftLeader, .dispatcher] {
            #expect(covered[subject] == Set(rules.section(for: subject)!.indicators.map(\.id)), "\(subject)")
        }
    }

    @Test func threeRatesEqualSQLWithTheirCompositeGradeAndRank() async throws {
        let w = try await Self.world()
        let rules = try RuleSets.load("three-rates", workflow: w.city.workflow)
        let f = Self.facts
        let expected: [String: Expected] = [
            "response": .rate(f["visited"]!, "\(f["closed"]!) AND \(f["from_public"]!)"), "resolution": .rate(f["solved"]!, f["visited"]!),
            "satisfaction": .mean(Self.satisfactionScore, over: f["answered"]!),
        ]
        let period = EvaluationPeriod("2026-10")!
        _ = try Self.check(rules, .department, expected, key: "department_code", period: period, world: w)
        _ = try Self.check(rules, .subdistrict, expected, key: "subdistrict_code", period: period, world: w)
        // The composite: 10 % response + 50 % resolution + 40 % satisfaction, over the shares present.
        var scored = 0
        for (subject, key) in [(SubjectClass.subdistrict, "subdistrict_code"), (.department, "department_code")] {
        let report = try Evaluator(city: w.city, users: w.users).evaluate(rules, subject: subject, period: period, facts: w.facts, now: Self.end)
        let values = try await w.sql.read { db in
            (try Self.sql(expected["response"]!, key: key, from: "2026-10-01", to: "2026-11-01", db),
             try Self.sql(expected["resolution"]!, key: key, from: "2026-10-01", to: "2026-11-01", db),
             try Self.sql(expected["satisfaction"]!, key: key, from: "2026-10-01", to: "2026-11-01", db))
        }
        for row in report.rows {
            let parts = [(values.0[row.code] ?? nil, 10.0), (values.1[row.code] ?? nil, 50.0), (values.2[row.code] ?? nil, 40.0)]
            let present = parts.compactMap { v, w in v.map { ($0 * 100 * w, w) } }
            // Rated when the figures present hold at least half the weight.
            guard present.reduce(0, { $0 + $1.1 }) >= 50 else { #expect(row.composite == nil, "\(row.code)"); continue }
            let composite = present.reduce(0) { $0 + $1.0 } / present.reduce(0) { $0 + $1.1 }
            #expect(row.composite.map { abs($0 - composite) < 1e-9 } == true, "\(row.code)")
            let grade = composite >= 90 ? "A" : composite >= 75 ? "B" : composite >= 60 ? "C" : composite >= 40 ? "D" : "E"
            #expect(row.grade == grade)
            scored += 1
        }
        // Ranks: by composite, ties shared, 1-based, no gaps other than ties.
        let ranked = report.rows.filter { $0.rank != nil }
        for (a, b) in zip(ranked, ranked.dropFirst()) {
            #expect(a.composite! >= b.composite!)
            #expect(a.composite == b.composite ? a.rank == b.rank : b.rank! == ranked.firstIndex { $0.code == b.code }! + 1)
        }
        }
        #expect(scored > 20)
    }

    /// The standard department composite by hand from SQL's figures: the volume table, the three
    /// rates (rework inverted), weights 10/30/30/30 over the figures present (rated when they hold
    /// half the weight), less the deduction. Cases reworked three times are rare in a small
    /// simulation, so the preset's deduction is taken per reworked case here.
    @Test func standardCompositeWithItsDeductionEqualsSQL() async throws {
        let w = try await Self.world()
        let text = RuleSetPresets.standard.replacingOccurrences(of: "deduct rework_3 = 1 per reworked_3", with: "deduct rework_3 = 1 per reworked")
        #expect(text != RuleSetPresets.standard)
        let rules = try RuleSets.parse(text, source: "standard, deduction per rework", workflow: w.city.workflow)
        let f = Self.facts
        var rated = 0, deducted = 0
        for period in Self.periods {
            let report = try Evaluator(city: w.city, users: w.users).evaluate(rules, subject: .department, period: period, facts: w.facts, now: Self.end)
            let (from, to) = (period.start.description, period.end.description)
            let sql = try await w.sql.read { db in
                (cases: try Self.sql(.count("1"), key: "department_code", from: from, to: to, db),
                 volume: try Self.sql(.count(f["dispatched"]!), key: "department_code", from: from, to: to, db),
                 closure: try Self.sql(.rate(f["closed"]!, "(\(f["disposed"]!)) OR (\(f["overdue"]!))"), key: "department_code", from: from, to: to, db),
                 onTime: try Self.sql(.rate(f["disposed_on_time"]!, f["disposed"]!), key: "department_code", from: from, to: to, db),
                 rework: try Self.sql(.rate(f["reworked"]!, f["disposed"]!), key: "department_code", from: from, to: to, db),
                 thrice: try Self.sql(.count(f["reworked"]!), key: "department_code", from: from, to: to, db))
            }
            func table(_ v: Double) -> Double {
                let points: [(Double, Double)] = [(0, 0), (50, 60), (200, 80), (500, 100)]
                if v >= 500 { return 100 }
                for (a, b) in zip(points, points.dropFirst()) where v <= b.0 { return a.1 + (b.1 - a.1) * ((v - a.0) / (b.0 - a.0)) }
                return 100
            }
            for row in report.rows {
                let cases = (sql.cases[row.code] ?? nil) ?? 0
                var parts: [(Double, Double)] = [(table((sql.volume[row.code] ?? nil) ?? 0), 10)]
                if let v = sql.closure[row.code] ?? nil { parts.append((v * 100, 30)) }
                if let v = sql.onTime[row.code] ?? nil { parts.append((v * 100, 30)) }
                if let v = sql.rework[row.code] ?? nil { parts.append(((1 - v) * 100, 30)) }
                let weight = parts.reduce(0) { $0 + $1.1 }
                guard cases > 0, weight >= 50 else { #expect(row.composite == nil, "\(row.code) \(period)"); continue }
                let off = (sql.thrice[row.code] ?? nil) ?? 0
                let composite = max(0, parts.reduce(0) { $0 + $1.0 * $1.1 } / weight - off)
                #expect(row.composite.map { abs($0 - composite) < 1e-9 } == true, "\(row.code) \(period): \(String(describing: row.composite)) vs \(composite)")
                rated += 1
                deducted += off > 0 ? 1 : 0
            }
        }
        #expect(rated > 50)
        #expect(deducted > 10, "deductions were taken")
    }

    /// A case reported in one month and closed in the next counts, closed, in the month of its report.
    @Test func aCaseCountsInTheMonthOfItsReport() async throws {
        let w = try await Self.world()
        let rules = try RuleSets.load("basic", workflow: w.city.workflow)
        let found: Row? = try await w.sql.read { db in
            let spanning = """
                SELECT case_id, district_code FROM cases WHERE closed_at <> '' AND strftime('%Y-%m', reported_at, '+8 hours') = '2026-09'
                AND strftime('%Y-%m', closed_at, '+8 hours') = '2026-10'
                """
            // One that was suspended on the way, if there is one.
            return try Row.fetchOne(db, sql: spanning + " AND CAST(suspended_seconds AS INTEGER) > 0 LIMIT 1") ?? Row.fetchOne(db, sql: spanning + " LIMIT 1")
        }
        let row = try #require(found)
        let id = CaseID(Int64(row["case_id"] as String)!), district: String = row["district_code"]
        let evaluator = Evaluator(city: w.city, users: w.users)
        let september = try evaluator.explain(rules, subject: .district, code: district, indicator: "closure_rate", period: EvaluationPeriod("2026-09")!, facts: w.facts, now: Self.end)
        #expect(september.numerator.contains(id) && september.denominator.contains(id))
        let october = try evaluator.explain(rules, subject: .district, code: district, indicator: "closure_rate", period: EvaluationPeriod("2026-10")!, facts: w.facts, now: Self.end)
        #expect(!october.denominator.contains(id))
        // The explanation's counts are the figure's.
        let report = try evaluator.evaluate(rules, subject: .district, period: EvaluationPeriod("2026-09")!, facts: w.facts, now: Self.end)
        let figure = try #require(report.rows.first { $0.code == district }?.figures[1])
        #expect(Int64(september.numerator.count) == figure.numerator && Int64(september.denominator.count) == figure.denominator)
        #expect(september.value == figure.value)
    }

    /// More distinct facts than the histogram path takes: the row-by-row path gives the same figures.
    @Test func manyFactsEqualSQL() async throws {
        let w = try await Self.world()
        let text = """
            ruleset wide
            subject any
            indicator a = rate closed + !reworked / disposed | overdue
            indicator b = rate from_public + answered / visited + !returned
            indicator c = ratio filed + !invalidated / verified | from_inspector
            indicator d = mean satisfaction_score over solved + !reworked_3
            """
        let rules = try RuleSets.parse(text, source: "wide", workflow: w.city.workflow)
        let f = Self.facts
        let expected: [String: Expected] = [
            "a": .rate("\(f["closed"]!) AND NOT (\(f["reworked"]!))", "(\(f["disposed"]!)) OR (\(f["overdue"]!))"),
            "b": .rate("\(f["from_public"]!) AND \(f["answered"]!)", "\(f["visited"]!) AND NOT (\(f["returned"]!))"),
            "c": .ratio("\(f["filed"]!) AND NOT (\(f["invalidated"]!))", "(\(f["verified"]!)) OR (\(f["from_inspector"]!))"),
            "d": .mean(Self.satisfactionScore, over: "\(f["solved"]!) AND NOT (\(f["reworked_3"]!))"),
        ]
        for period in Self.periods {
            #expect(try Self.check(rules, .subdistrict, expected, key: "subdistrict_code", period: period, world: w) == Set(expected.keys))
            #expect(try Self.check(rules, .department, expected, key: "department_code", period: period, world: w) == Set(expected.keys))
        }
    }

    @Test func emptyPeriodsAndSubjectsWithoutCases() async throws {
        let w = try await Self.world()
        let rules = try RuleSets.load("standard", workflow: w.city.workflow)
        let evaluator = Evaluator(city: w.city, users: w.users)
        // Before the data, after it, and before the table's epoch: no case, no rating, no crash.
        for text in ["2025-01", "2031-06", "2019-12", "2026-11-02..2026-11-30"] {
            let empty = try evaluator.evaluate(rules, subject: .department, period: EvaluationPeriod(text)!, facts: w.facts, now: Self.end)
            #expect(!empty.rows.isEmpty)
            for row in empty.rows {
                #expect(row.cases == 0 && row.composite == nil && row.rank == nil && row.grade == nil, "\(text)")
                #expect(row.figures.allSatisfy { $0.numerator == 0 }, "\(text)")
            }
        }
        // An empty city's table evaluates too.
        let none = CaseFacts(dimensions: FactDimensions(city: w.city, users: w.users))
        #expect(try evaluator.evaluate(rules, subject: .district, period: EvaluationPeriod("2026-10")!, facts: none, now: Self.end).rows.allSatisfy { $0.cases == 0 })
        // Every grid is listed, with or without cases.
        let grids = try evaluator.evaluate(rules, subject: .grid, period: EvaluationPeriod("2026-10")!, facts: w.facts, now: Self.end)
        #expect(grids.rows.count == w.city.grids.count)
        #expect(grids.rows.contains { $0.cases == 0 && $0.composite == nil })
    }

    @Test func deviationsAreInTheData() async throws {
        let w = try await Self.world()
        let counts = try await w.sql.read { db in
            try Row.fetchOne(db, sql: """
                SELECT SUM(parent_case_id <> ''), SUM(reopened_from_id <> ''), SUM(CAST(suspended_seconds AS INTEGER) > 0),
                       SUM(CAST(return_count AS INTEGER) > 0), SUM(CAST(rework_count AS INTEGER) > 0), SUM(status = 'invalidated'),
                       SUM(closed_at <> '' AND strftime('%m', closed_at, '+8 hours') <> strftime('%m', reported_at, '+8 hours'))
                FROM cases
                """)!
        }
        for i in 0..<7 { #expect((counts[i] as Int) > 0, "deviation \(i) missing from the simulated data") }
    }

    // MARK: CSV

    static func load(csv: String, into queue: DatabaseQueue) throws {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = parse(lines.removeFirst())
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE cases (\(header.map { "\($0) TEXT" }.joined(separator: ", ")))")
            let insert = try db.makeStatement(sql: "INSERT INTO cases VALUES (\(Array(repeating: "?", count: header.count).joined(separator: ",")))")
            for line in lines {
                let fields = parse(line)
                #expect(fields.count == header.count)
                try insert.execute(arguments: StatementArguments(fields))
            }
        }
    }

    /// One RFC 4180 line.
    static func parse(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false, chars = Array(line), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
            i += 1
        }
        fields.append(field)
        return fields
    }
}
