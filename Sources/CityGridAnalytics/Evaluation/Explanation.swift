import CityGridCore
import Foundation

/// The cases behind one figure (指标溯源): for a subject, an indicator and a period, the cases its
/// numerator counts and those its denominator counts, so that every number can be checked case by case.
public struct Explanation: Sendable {
    public var subjectCode: String
    public var indicator: String
    public var period: EvaluationPeriod
    public var value: Double?
    /// Case ids, ascending. For a mean, both lists are the cases averaged; for a count, the
    /// denominator is empty; for a density, the numerator cases over the region's area; for a
    /// deduction (its id in place of an indicator's), the cases it counts, and ``value`` the points.
    public var numerator: [CaseID]
    public var denominator: [CaseID]
}

extension Evaluator {
    /// Lists the cases behind `indicator` of the subject `code` in `period`.
    public func explain(_ rules: RuleSet, subject subjectClass: SubjectClass, code: String, indicator: String,
                        period: EvaluationPeriod, facts: CaseFacts, now: Date = Date()) throws(DomainError) -> Explanation {
        let section = try section(rules, subjectClass)
        // An indicator, or a deduction (whose cases are its count: the numerator).
        let deduction = section.deductions.first { $0.id == indicator }
        guard let rule = section.indicators.first(where: { $0.id == indicator })
                ?? deduction.map({ IndicatorRule(id: $0.id, label: $0.label, formula: .count($0.predicate), weight: 0, invert: false,
                                                 table: nil, attribution: $0.attribution, line: $0.line) }) else {
            throw DomainError(.invalid, code: "unknown_indicator", field: "indicator",
                              zh: "规则集 \(rules.id) 中没有指标或扣分项 \(indicator)",
                              en: "No indicator or deduction \(indicator) for \(subjectClass.rawValue) in \(rules.id); it has \((section.indicators.map(\.id) + section.deductions.map(\.id)).joined(separator: ", "))")
        }
        let subjects = Subjects(subjectClass, city: city, users: users, dimensions: facts.dimensions)
        guard let slot = subjects.slot(of: code) else {
            throw DomainError.notFound(subjectClass.label, code, field: "code")
        }
        let key = try Self.key(rule.attribution, subjectClass, subjects, facts.dimensions)
        let terms = Self.terms(rule.formula)
        let nowSeconds = CaseFacts.seconds(now)
        var lists: [[CaseID]] = [[], []]
        for row in FactFilter(period: period).rows(in: facts) where Self.slots(of: row, key, facts).contains(Int32(slot)) {
            let f = facts.flags[row]
            let overdue = FactFlags.isOverdue(flags: f, deadline: facts.deadline[row], now: nowSeconds)
            for (term, isNumerator) in terms where term.predicate.matches(f, overdue: overdue) {
                lists[isNumerator ? 0 : 1].append(CaseID(facts.caseID[row]))
            }
        }
        if case .mean = rule.formula { lists[0] = lists[1] }
        let value: Double?
        if let index = section.indicators.firstIndex(where: { $0.id == indicator }) {
            value = try evaluate(rules, subject: subjectClass, period: period, facts: facts, now: now).rows.first { $0.code == code }?.figures[index].value
        } else {
            value = Double(lists[0].count) * (deduction?.points ?? 0)  // the points taken off
        }
        return Explanation(subjectCode: code, indicator: indicator, period: period, value: value,
                           numerator: lists[0].sorted(), denominator: lists[1].sorted())
    }

    /// The subject slots a row is attributed to under `key`.
    static func slots(of row: Int, _ key: FactKey, _ facts: CaseFacts) -> [Int32] {
        func one(_ k: Int, _ slots: [Int32]) -> [Int32] { k >= 0 && k < slots.count && slots[k] >= 0 ? [slots[k]] : [] }
        switch key {
        case .grid(let slots): return one(Int(facts.grid[row]), slots)
        case .department(let slots): return one(Int(facts.department[row]), slots)
        case .reporter(let slots): return one(Int(facts.reporter[row]), slots)
        case .stageActor(let i, let first, let slots): return one(Int((first ? facts.stageFirstActor : facts.stageActor)[i][row]), slots)
        case .gridMany(let offsets, let slots):
            let g = Int(facts.grid[row])
            guard g >= 0, g + 1 < offsets.count else { return [] }
            return Array(slots[Int(offsets[g])..<Int(offsets[g + 1])])
        }
    }
}
