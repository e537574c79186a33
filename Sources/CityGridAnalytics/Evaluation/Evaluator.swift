import CityGridCore
import Foundation

/// Evaluates subjects with a rule set over the fact table: every indicator's value and score, the
/// composite, the grade, the rank within the class and the change against the previous period.
///
/// All indicators of a class are computed in one scan per attribution (the case's own region or
/// body, the reporter, a stage's actor, …), over the period and the one before it at once.
public struct Evaluator: Sendable {
    public var city: CityModel
    public var users: [User]

    public init(city: CityModel, users: [User]) {
        self.city = city
        self.users = users
    }

    /// The section of `rules` for `subjectClass`, or an error naming the classes it has.
    public func section(_ rules: RuleSet, _ subjectClass: SubjectClass) throws(DomainError) -> RuleSet.Section {
        guard let section = rules.section(for: subjectClass) else {
            throw DomainError(.invalid, code: "subject_not_in_rules", field: "subject",
                              zh: "规则集 \(rules.id) 没有考核对象 \(subjectClass.rawValue)",
                              en: "The rule set \(rules.id) has no section for \(subjectClass.rawValue); it has \(rules.subjects.map(\.rawValue).joined(separator: ", "))")
        }
        return section
    }

    public func evaluate(_ rules: RuleSet, subject subjectClass: SubjectClass, period: EvaluationPeriod, facts: CaseFacts,
                         now: Date = Date()) throws(DomainError) -> EvaluationReport {
        try evaluate(rules, subject: subjectClass, periods: [period], facts: facts, now: now)[0]
    }

    /// Evaluates consecutive periods (every month of a year, say) in one scan; each report compares
    /// with the period before it.
    public func evaluate(_ rules: RuleSet, subject subjectClass: SubjectClass, periods: [EvaluationPeriod], facts: CaseFacts,
                         now: Date = Date()) throws(DomainError) -> [EvaluationReport] {
        guard let first = periods.first else { return [] }
        for (a, b) in zip(periods, periods.dropFirst()) where a.end != b.start {
            throw DomainError(.invalid, code: "periods_not_consecutive", field: "period",
                              zh: "考核周期须首尾相接：\(a) 与 \(b)", en: "Periods must follow each other: \(a) then \(b)")
        }
        let section = try section(rules, subjectClass)
        let subjects = Subjects(subjectClass, city: city, users: users, dimensions: facts.dimensions)
        let all = [first.previous] + periods
        let buckets = all.map(Self.days)
        // One scan per attribution, each accumulating the terms that attribution needs.
        var plans: [Attribution: [FactTerm]] = [:]
        func term(_ a: Attribution, _ t: FactTerm) { if !(plans[a]?.contains(t) ?? false) { plans[a, default: []].append(t) } }
        for rule in section.indicators { for (t, _) in Self.terms(rule.formula) { term(rule.attribution, t) } }
        for d in section.deductions { term(d.attribution, FactTerm(d.predicate)) }
        term(.own, FactTerm(.all))
        var results: [Attribution: [Int64]] = [:]
        for (attribution, terms) in plans {
            let key = try Self.key(attribution, subjectClass, subjects, facts.dimensions)
            results[attribution] = FactScan(buckets: buckets, key: key, slotCount: subjects.list.count, terms: terms, now: now).run(on: facts)
        }
        let slotCount = subjects.list.count
        /// Where a term's totals are: its scan's result, the scan's width and the term's position.
        struct Cell { var totals: [Int64]; var width: Int; var index: Int }
        func cell(_ a: Attribution, _ t: FactTerm) -> Cell {
            Cell(totals: results[a]!, width: plans[a]!.count, index: plans[a]!.firstIndex(of: t)!)
        }
        func value(_ c: Cell, bucket: Int, slot: Int) -> Int64 { c.totals[(bucket * slotCount + slot) * c.width + c.index] }
        let indicatorCells = section.indicators.map { rule in Self.terms(rule.formula).map { cell(rule.attribution, $0.0) } }
        let deductionCells = section.deductions.map { cell($0.attribution, FactTerm($0.predicate)) }
        let casesCell = cell(.own, FactTerm(.all))
        let totalWeight = section.indicators.reduce(0) { $0 + $1.weight }
        /// One subject's figures and composite in one bucket.
        func figures(_ slot: Int, _ bucket: Int) -> ([EvaluationReport.Figure], Double?, [Double]) {
            var figures: [EvaluationReport.Figure] = []
            var weighted = 0.0, weights = 0.0
            for (i, rule) in section.indicators.enumerated() {
                let parts = indicatorCells[i].map { value($0, bucket: bucket, slot: slot) }
                let (v, num, den) = Self.value(rule.formula, parts, area: subjects.areaKm2[slot])
                figures.append(.init(value: v, score: v.flatMap(rule.score), numerator: num, denominator: den, previous: nil))
                if rule.weight > 0, let v, let s = rule.score(v) { weighted += rule.weight * s; weights += rule.weight }
            }
            let deductions = zip(section.deductions, deductionCells).map { $0.points * Double(value($1, bucket: bucket, slot: slot)) }
            // Rated when it has cases in the period (a volume score of 0 is no verdict) and indicators
            // holding at least half the weight have a value (not ranked on its volume alone).
            let cases = value(casesCell, bucket: bucket, slot: slot)
            let rated = weights > 0 && cases > 0 && weights * 2 >= totalWeight
            let composite: Double? = rated ? max(0, weighted / weights - deductions.reduce(0, +)) : nil
            return (figures, composite, deductions)
        }

        var reports: [EvaluationReport] = []
        var previousRows = (0..<slotCount).map { figures($0, 0) }
        for (b, period) in periods.enumerated() {
            var rows: [EvaluationReport.Row] = []
            let current = (0..<slotCount).map { figures($0, b + 1) }
            for (slot, subject) in subjects.list.enumerated() {
                var (figs, composite, deductions) = current[slot]
                for i in figs.indices { figs[i].previous = previousRows[slot].0[i].value }
                rows.append(.init(code: subject.code, name: subject.name, figures: figs, deductions: deductions, composite: composite,
                                  grade: composite.map(rules.grade), rank: nil, previousComposite: previousRows[slot].1,
                                  cases: value(casesCell, bucket: b + 1, slot: slot)))
            }
            Self.rank(&rows)
            reports.append(EvaluationReport(ruleSet: rules.id, ruleSetLabel: rules.label, subjectClass: subjectClass, period: period,
                                            previousPeriod: b == 0 ? first.previous : periods[b - 1], indicators: section.indicators,
                                            deductions: section.deductions, rows: rows))
            previousRows = current
        }
        return reports
    }

    /// Ranks by composite, best first (ties share a rank); unscored rows after, by code.
    static func rank(_ rows: inout [EvaluationReport.Row]) {
        rows.sort { a, b in
            switch (a.composite, b.composite) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.code < b.code
            }
        }
        var rank = 0
        for i in rows.indices where rows[i].composite != nil {
            if i == 0 || rows[i].composite != rows[i - 1].composite { rank = i + 1 }
            rows[i].rank = rank
        }
    }

    /// The terms a formula needs, in the order ``value(_:_:area:)`` takes them; the flag says
    /// numerator (`true`) or denominator.
    static func terms(_ formula: IndicatorRule.Formula) -> [(FactTerm, Bool)] {
        switch formula {
        case .rate(let a, let b): [(FactTerm(a.and(b)), true), (FactTerm(b), false)]
        case .ratio(let a, let b): [(FactTerm(a), true), (FactTerm(b), false)]
        case .count(let p), .density(let p): [(FactTerm(p), true)]
        case .mean(let m, let p):
            [(FactTerm(p.and(FactPredicate(terms: [.init(need: m.requires.rawValue)], text: "all")), measure: m), true),
             (FactTerm(p.and(FactPredicate(terms: [.init(need: m.requires.rawValue)], text: "all"))), false)]
        }
    }

    /// The value of a formula from its terms' totals, with the numerator and denominator counts.
    static func value(_ formula: IndicatorRule.Formula, _ parts: [Int64], area: Double) -> (Double?, Int64, Int64) {
        switch formula {
        case .rate, .ratio: return (parts[1] > 0 ? Double(parts[0]) / Double(parts[1]) : nil, parts[0], parts[1])
        case .count: return (Double(parts[0]), parts[0], 0)
        case .density: return (area > 0 ? Double(parts[0]) / area : nil, parts[0], 0)
        case .mean(let m, _): return (parts[1] > 0 ? Double(parts[0]) / Double(parts[1]) / m.unitsPerValue : nil, parts[1], parts[1])
        }
    }

    /// The local days of a period, as days since 2020-01-01.
    static func days(_ p: EvaluationPeriod) -> Range<Int> {
        max(0, p.start.dayNumber - CaseFacts.epochDay)..<max(0, p.end.dayNumber - CaseFacts.epochDay)
    }

    /// The fact column and slot map of an attribution for a class.
    static func key(_ a: Attribution, _ c: SubjectClass, _ s: Subjects, _ d: FactDimensions) throws(DomainError) -> FactKey {
        var a = a
        if a == .own, c.role != nil { a = c.defaultStage.map(Attribution.stage) ?? .reporter }
        switch a {
        case .own: return c.isRegion ? .grid(slots: s.slotOfKey) : .department(slots: s.slotOfKey)
        case .reporter: return .reporter(slots: s.slotOfKey)
        case .gridInspectors: return .gridMany(offsets: s.gridInspectorOffsets, slots: s.gridInspectorSlots)
        case .stage(let name), .firstStage(let name):
            guard let i = d.stages.firstIndex(of: name) else {
                throw DomainError(.invalid, code: "unknown_stage", field: "rules",
                                  zh: "流程中没有阶段 \(name)", en: "The workflow has no stage \(name) to judge \(c.rawValue) by")
            }
            if case .firstStage = a { return .stageActor(index: i, first: true, slots: s.slotOfKey) }
            return .stageActor(index: i, first: false, slots: s.slotOfKey)
        }
    }
}
