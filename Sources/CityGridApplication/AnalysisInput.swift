import CityGridAnalytics
import CityGridCore

/// The inputs evaluations and analyses share (分析参数): the subject class, the period and the
/// category group, read from text with errors that name the field.
public enum AnalysisInput {
    public static func subjectAndPeriod(_ subject: String?, _ period: String?) throws(DomainError) -> (SubjectClass, EvaluationPeriod) {
        let s = subject ?? "department"
        guard let subjectClass = SubjectClass(rawValue: s) else {
            throw DomainError.invalidField("subject", zh: "未知考核对象 \(s)", en: "subject must be one of \(SubjectClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return (subjectClass, try Self.period(period))
    }

    public static func period(_ text: String?) throws(DomainError) -> EvaluationPeriod {
        guard let text else { throw DomainError.invalidField("period", zh: "缺少考核周期 period", en: "period is required: 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15") }
        guard let p = EvaluationPeriod(text) else {
            throw DomainError.invalidField("period", zh: "考核周期无效：\(text)", en: "period must be 2026-10, 2026-Q3, 2026 or 2026-10-01..2026-10-15")
        }
        return p
    }

    public static func category(_ text: String?) throws(DomainError) -> CategoryPrefix? {
        guard let text else { return nil }
        guard let prefix = CategoryPrefix(text) else {
            throw DomainError.invalidField("category", zh: "category 须为类别代码前缀，如 E01、C0102 或 01", en: "category is a code prefix such as E01, C0102 or 01")
        }
        return prefix
    }
}
