import CityGridAnalytics
import CityGridCore
import Foundation

/// An evaluation as JSON (the API's and `citygrid evaluate --format json`'s shape), as CSV and as a
/// text table. Values are shares 0-1, counts, means or densities; scores are 0-100.
public enum EvaluationFormats {
    public struct JSONReport: Codable, Sendable {
        public struct Indicator: Codable, Sendable {
            public var id: String
            public var label: LocalizedText
            public var weight: Double
        }
        public struct Figure: Codable, Sendable {
            public var value: Double?
            public var score: Double?
            public var numerator: Int64
            public var denominator: Int64
            public var previous: Double?
        }
        public struct Row: Codable, Sendable {
            public var code: String
            public var name: LocalizedText
            public var cases: Int64
            public var composite: Double?
            public var grade: String?
            public var rank: Int?
            public var previousComposite: Double?
            public var change: Double?
            public var figures: [String: Figure]
            public var deductions: [String: Double]

            enum CodingKeys: String, CodingKey {
                case code, name, cases, composite, grade, rank, figures, deductions
                case previousComposite = "previous_composite", change
            }
        }
        public var ruleSet: String
        public var ruleSetLabel: LocalizedText
        public var subject: String
        public var subjectLabel: LocalizedText
        public var period: String
        public var previousPeriod: String
        public var indicators: [Indicator]
        public var rows: [Row]

        enum CodingKeys: String, CodingKey {
            case ruleSet = "rule_set", ruleSetLabel = "rule_set_label", subject, subjectLabel = "subject_label", period
            case previousPeriod = "previous_period", indicators, rows
        }
    }

    public static func json(_ r: EvaluationReport) -> JSONReport {
        JSONReport(
            ruleSet: r.ruleSet, ruleSetLabel: r.ruleSetLabel, subject: r.subjectClass.rawValue, subjectLabel: r.subjectClass.label,
            period: r.period.description, previousPeriod: r.previousPeriod.description,
            indicators: r.indicators.map { .init(id: $0.id, label: $0.label, weight: $0.weight) },
            rows: r.rows.map { row in
                .init(code: row.code, name: row.name, cases: row.cases, composite: row.composite, grade: row.grade, rank: row.rank,
                      previousComposite: row.previousComposite, change: row.change,
                      figures: Dictionary(uniqueKeysWithValues: zip(r.indicators, row.figures).map { i, f in
                          (i.id, JSONReport.Figure(value: f.value, score: f.score, numerator: f.numerator, denominator: f.denominator, previous: f.previous))
                      }),
                      deductions: Dictionary(uniqueKeysWithValues: zip(r.deductions, row.deductions).map { ($0.id, $1) }))
            })
    }

    /// `period,subject_code,<indicator ids>` and, for a scored rule set,
    /// `composite,grade,rank,previous_composite,change`. Numbers at full precision; empty for none.
    public static func csv(_ r: EvaluationReport) -> String {
        var out = (["period", "subject_code"] + r.indicators.map(\.id) + (r.isScored ? ["composite", "grade", "rank", "previous_composite", "change"] : []))
            .joined(separator: ",") + "\n"
        for row in r.rows {
            var fields = [r.period.description, CaseCSV.escape(row.code)]
            for (rule, f) in zip(r.indicators, row.figures) {
                if case .count = rule.formula { fields.append(String(f.numerator)) } else { fields.append(number(f.value)) }
            }
            if r.isScored {
                fields += [number(row.composite), row.grade ?? "", row.rank.map(String.init) ?? "", number(row.previousComposite), number(row.change)]
            }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A table for a terminal, in one language: rank, grade, name, composite and change, then each
    /// indicator (shares as percentages).
    public static func table(_ r: EvaluationReport, language: Language) -> String {
        let zh = language == .zh
        var lines: [String] = []
        lines.append("\(r.ruleSetLabel.text(language)) · \(r.subjectClass.label.text(language)) · \(r.period)"
                     + (zh ? "（对比 \(r.previousPeriod)）" : " (against \(r.previousPeriod))"))
        var head = r.isScored ? (zh ? ["名次", "等级", "综合分", "变化"] : ["Rank", "Grade", "Score", "Change"]) : []
        head += [zh ? "代码" : "Code", zh ? "名称" : "Name", zh ? "案件" : "Cases"] + r.indicators.map { $0.label.text(language) }
        lines.append(head.joined(separator: "\t"))
        for row in r.rows {
            var f: [String] = []
            if r.isScored {
                f += [row.rank.map(String.init) ?? "–", row.grade ?? "–", row.composite.map { String(format: "%.1f", $0) } ?? "–",
                      row.change.map { String(format: "%+.1f", $0) } ?? "–"]
            }
            f += [row.code, row.name.text(language), String(row.cases)]
            for (rule, fig) in zip(r.indicators, row.figures) { f.append(display(rule, fig.value)) }
            lines.append(f.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func display(_ rule: IndicatorRule, _ value: Double?) -> String {
        guard let value else { return "–" }
        switch rule.formula {
        case .rate, .ratio: return String(format: "%.1f%%", value * 100)
        case .count: return String(Int64(value))
        case .mean(let m, _) where m.isFraction: return String(format: "%.1f%%", value * 100)
        default: return String(format: "%.2f", value)
        }
    }

    static func number(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
}
