import CityGridCore
import Foundation

/// Reads the rule-file format: one statement per line, `#` starts a comment.
///
/// ```
/// ruleset three-rates
/// label 12345“三率”考核 | 12345 "three rates"
/// grades A 90 B 75 C 60 D 40 E        # E: below the last band
/// subject department                  # or several: district subdistrict; or any
/// indicator response = rate visited / closed + from_public ; weight 10 ; label 响应率 | Response rate
/// indicator hours = mean disposal_hours over disposed ; label 平均处置时长 | Mean disposal hours
/// indicator volume = count dispatched ; weight 10 ; table 0:0 100:60 500:100
/// indicator rework = rate reworked / disposed ; weight 30 ; invert
/// deduct rework3 = 2 per reworked_3 ; label 多次返工 | Reworked 3 times or more
/// ```
///
/// Formulas: `rate A / B` (share of B that is also A), `ratio A / B` (counted apart), `count A`,
/// `mean MEASURE over A`, `density A` (per km², regions only). Options after `;`: `weight W`,
/// `invert`, `table V:S …`, `by reporter|grid|STAGE|first STAGE` (people only), `label 中文 | English`. Facts
/// and their syntax: ``FactPredicate``. Every mistake is refused with its line and reason.
public struct RuleSetParser {
    /// The workflow's stage names (for `<stage>_done`, `<stage>_on_time` and `by <stage>`).
    public var stages: [String]

    public init(stages: [String]) {
        self.stages = stages
    }

    public func parse(_ text: String, source: String) throws(RuleSetError) -> RuleSet {
        var id: String?
        var label: LocalizedText?
        var grades = RuleSet.standardGrades
        var fallback = "E"
        var sections: [RuleSet.Section] = []
        var ids = Set<String>()
        var lineNumber = 0
        func fail(_ reason: RuleSetError.Reason) -> RuleSetError { RuleSetError(source: source, line: lineNumber, reason: reason) }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            guard !line.isEmpty else { continue }
            let keyword = String(line.prefix { !$0.isWhitespace })
            let rest = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            do throws(RuleSetError.Reason) {
                switch keyword {
                case "ruleset":
                    guard id == nil else { throw .init("ruleset named twice", zh: "规则集名称重复") }
                    guard Self.isIdentifier(rest, allowDash: true) else {
                        throw .init("a ruleset name is lowercase letters, digits, - and _", zh: "规则集名称只能由小写字母、数字、-和_组成")
                    }
                    id = rest
                case "label":
                    label = try Self.label(rest)
                case "grades":
                    (grades, fallback) = try Self.grades(rest)
                case "subject":
                    guard !rest.isEmpty else { throw .init("subject needs a class, several, or any", zh: "subject 须写明考核对象或 any") }
                    var subjects: [SubjectClass] = []
                    if rest != "any" {
                        for word in rest.split(separator: " ") {
                            guard let s = SubjectClass(rawValue: String(word)) else {
                                throw .init("unknown subject “\(word)”; known: any, \(SubjectClass.allCases.map(\.rawValue).joined(separator: ", "))",
                                            zh: "未知考核对象“\(word)”")
                            }
                            subjects.append(s)
                        }
                    }
                    for s in sections where s.subjects.isEmpty ? subjects.isEmpty : !Set(s.subjects).isDisjoint(with: subjects) {
                        throw .init("subject \(rest) has a section already (line \(s.line))", zh: "考核对象 \(rest) 重复")
                    }
                    if let last = sections.last, last.indicators.isEmpty {
                        lineNumber = last.line
                        throw .init("subject \(Self.name(last.subjects)) has no indicator", zh: "考核对象没有任何指标")
                    }
                    sections.append(.init(subjects: subjects, indicators: [], deductions: [], line: lineNumber))
                    ids = []
                case "indicator", "deduct":
                    guard var section = sections.popLast() else {
                        throw .init("\(keyword) before any subject line", zh: "指标须写在 subject 行之后")
                    }
                    let (name, body, options) = try Self.statement(rest)
                    guard ids.insert(name).inserted else { throw .init("\(name) is defined twice in this subject", zh: "\(name) 在同一考核对象中重复") }
                    if keyword == "indicator" {
                        section.indicators.append(try indicator(name, body, options, subjects: section.subjects, line: lineNumber))
                    } else {
                        section.deductions.append(try deduction(name, body, options, subjects: section.subjects, line: lineNumber))
                    }
                    sections.append(section)
                default:
                    throw .init("unknown statement “\(keyword)”; expected ruleset, label, grades, subject, indicator or deduct",
                                zh: "未知语句“\(keyword)”")
                }
            } catch {
                throw fail(error)
            }
        }
        guard let id else { lineNumber = 1; throw fail(.init("no ruleset line names the rule set", zh: "缺少 ruleset 行")) }
        guard let last = sections.last else { throw fail(.init("no subject section", zh: "没有任何考核对象")) }
        guard !last.indicators.isEmpty else {
            lineNumber = last.line
            throw fail(.init("subject \(Self.name(last.subjects)) has no indicator", zh: "考核对象没有任何指标"))
        }
        return RuleSet(id: id, label: label ?? LocalizedText(zh: id, en: id), grades: grades, fallbackGrade: fallback, sections: sections)
    }

    // MARK: statements

    private func indicator(_ name: String, _ body: String, _ options: [String], subjects: [SubjectClass], line: Int) throws(RuleSetError.Reason) -> IndicatorRule {
        let words = body.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2 else { throw .init("expected a formula: rate, ratio, count, mean or density", zh: "缺少公式") }
        let formula: IndicatorRule.Formula
        switch words[0] {
        case "rate", "ratio":
            let sides = words[1].split(separator: "/", omittingEmptySubsequences: false)
            guard sides.count == 2 else { throw .init("\(words[0]) needs A / B", zh: "\(words[0]) 须写作 A / B") }
            let a = try FactPredicate.parse(String(sides[0]), stages: stages), b = try FactPredicate.parse(String(sides[1]), stages: stages)
            formula = words[0] == "rate" ? .rate(a, of: b) : .ratio(a, to: b)
        case "count":
            formula = .count(try FactPredicate.parse(words[1], stages: stages))
        case "density":
            guard !subjects.isEmpty, subjects.allSatisfy(\.isRegion) else {
                throw .init("density is for regions only (district, subdistrict, community, grid)", zh: "密度只适用于区域")
            }
            formula = .density(try FactPredicate.parse(words[1], stages: stages))
        case "mean":
            let parts = words[1].components(separatedBy: " over ")
            guard parts.count == 2, let measure = FactMeasure(rawValue: parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw .init("mean needs MEASURE over FACTS; measures: \(FactMeasure.allCases.map(\.rawValue).joined(separator: ", "))",
                            zh: "mean 须写作“度量 over 条件”")
            }
            formula = .mean(measure, over: try FactPredicate.parse(parts[1], stages: stages))
        default:
            throw .init("unknown formula “\(words[0])”; expected rate, ratio, count, mean or density", zh: "未知公式“\(words[0])”")
        }
        var rule = IndicatorRule(id: name, label: LocalizedText(zh: name, en: name), formula: formula, weight: 0, invert: false,
                                 table: nil, attribution: .own, line: line)
        for option in options {
            let key = String(option.prefix { !$0.isWhitespace })
            let value = option.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            switch key {
            case "weight":
                guard let w = Double(value), w >= 0, w <= 1000 else { throw .init("weight must be a number from 0 to 1000", zh: "权重须为0到1000之间的数") }
                rule.weight = w
            case "invert": rule.invert = true
            case "table": rule.table = try Self.table(value)
            case "label": rule.label = try Self.label(value)
            case "by": rule.attribution = try attribution(value, subjects: subjects)
            default: throw .init("unknown option “\(key)”; expected weight, invert, table, by or label", zh: "未知选项“\(key)”")
            }
        }
        guard !(rule.invert && rule.table != nil) else {
            throw .init("invert and table together: write the table's scores the other way round", zh: "invert 与分值表不能同用：请把分值表反过来写")
        }
        guard rule.weight == 0 || rule.isScoreable else {
            throw .init("\(name) has a weight but no score: give counts, densities and means other than satisfaction a table",
                        zh: "\(name) 有权重但无法计分：数量、密度和均值须给出分值表")
        }
        return rule
    }

    private func deduction(_ name: String, _ body: String, _ options: [String], subjects: [SubjectClass], line: Int) throws(RuleSetError.Reason) -> DeductionRule {
        let parts = body.components(separatedBy: " per ")
        guard parts.count == 2, let points = Double(parts[0].trimmingCharacters(in: .whitespaces)), points > 0, points <= 100 else {
            throw .init("a deduction is POINTS per FACTS, with 0 < POINTS ≤ 100", zh: "扣分项须写作“分值 per 条件”，分值在0到100之间")
        }
        var rule = DeductionRule(id: name, label: LocalizedText(zh: name, en: name), points: points,
                                 predicate: try FactPredicate.parse(parts[1], stages: stages), attribution: .own, line: line)
        for option in options {
            let key = String(option.prefix { !$0.isWhitespace })
            let value = option.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            switch key {
            case "label": rule.label = try Self.label(value)
            case "by": rule.attribution = try attribution(value, subjects: subjects)
            default: throw .init("unknown option “\(key)” for a deduction; expected by or label", zh: "扣分项的未知选项“\(key)”")
            }
        }
        return rule
    }

    private func attribution(_ word: String, subjects: [SubjectClass]) throws(RuleSetError.Reason) -> Attribution {
        guard !subjects.isEmpty, subjects.allSatisfy({ $0.role != nil }) else {
            throw .init("by is for people (inspector, intake_operator, shift_leader, dispatcher)", zh: "by 只适用于人员")
        }
        guard let a = Attribution(words: word, stages: stages) else {
            throw .init("by takes reporter, grid, a stage or first and a stage; the stages: \(stages.joined(separator: ", "))",
                        zh: "by 须为 reporter、grid、流程阶段名或 first 加阶段名")
        }
        if a == .gridInspectors, subjects != [.inspector] { throw .init("by grid is for inspectors", zh: "by grid 只适用于监督员") }
        return a
    }

    // MARK: pieces

    static func name(_ subjects: [SubjectClass]) -> String { subjects.isEmpty ? "any" : subjects.map(\.rawValue).joined(separator: " ") }

    /// `name = body ; option ; option`.
    static func statement(_ text: String) throws(RuleSetError.Reason) -> (String, String, [String]) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, isIdentifier(parts[0], allowDash: false) else {
            throw .init("expected NAME = FORMULA, the name in lowercase letters, digits and _", zh: "须写作“名称 = 公式”，名称由小写字母、数字和_组成")
        }
        let pieces = parts[1].split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !pieces[0].isEmpty else { throw .init("empty formula", zh: "公式为空") }
        guard !pieces.dropFirst().contains(where: \.isEmpty) else { throw .init("empty option between ;", zh: "分号之间的选项为空") }
        return (parts[0], pieces[0], Array(pieces.dropFirst()))
    }

    static func label(_ text: String) throws(RuleSetError.Reason) -> LocalizedText {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .init("a label is 中文 | English", zh: "标签须写作“中文 | English”")
        }
        return LocalizedText(zh: parts[0], en: parts[1])
    }

    static func grades(_ text: String) throws(RuleSetError.Reason) -> ([(grade: String, minimum: Double)], String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 3, words.count % 2 == 1 else {
            throw .init("grades are LETTER MIN pairs, best first, then the letter below the last band: A 90 B 75 C 60 D 40 E",
                        zh: "等级须写作“字母 最低分”若干对，最后是最低等级字母")
        }
        var bands: [(grade: String, minimum: Double)] = []
        for i in stride(from: 0, to: words.count - 1, by: 2) {
            guard let minimum = Double(words[i + 1]), minimum >= 0, minimum <= 100 else {
                throw .init("grade \(words[i]): “\(words[i + 1])” is not a score from 0 to 100", zh: "等级 \(words[i]) 的分数须在0到100之间")
            }
            if let previous = bands.last, minimum >= previous.minimum {
                throw .init("grade \(words[i]) must start below grade \(previous.grade)", zh: "等级 \(words[i]) 的分数须低于 \(previous.grade)")
            }
            bands.append((words[i], minimum))
        }
        let grades = bands.map(\.grade) + [words.last!]
        guard Set(grades).count == grades.count else { throw .init("a grade letter is used twice", zh: "等级字母重复") }
        return (bands, words.last!)
    }

    static func table(_ text: String) throws(RuleSetError.Reason) -> ScoreTable {
        var points: [(value: Double, score: Double)] = []
        for pair in text.split(separator: " ") {
            let f = pair.split(separator: ":")
            guard f.count == 2, let v = Double(f[0]), let s = Double(f[1]), abs(v) <= 1e12, s >= 0, s <= 100 else {
                throw .init("a table is VALUE:SCORE pairs, values within ±1e12 and scores from 0 to 100, e.g. 0:0 200:60 1000:100", zh: "分值表须写作“数值:分值”若干对，数值绝对值不超过1e12，分值在0到100之间")
            }
            if let last = points.last, v <= last.value { throw .init("table values must increase", zh: "分值表的数值须递增") }
            points.append((v, s))
        }
        guard points.count >= 2 else { throw .init("a table needs at least two points", zh: "分值表至少需要两个点") }
        return ScoreTable(points: points)
    }

    static func isIdentifier(_ s: String, allowDash: Bool) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || (allowDash && $0 == 45) }
    }
}
