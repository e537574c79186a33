import Foundation

/// The catalogue's file format (`catalogue.json`), as shipped and as users edit it.
///
/// ```json
/// { "version": 1,
///   "majors": [{"kind": "component", "code": "01", "name_zh": "公用设施", "name_en": "Public utilities"}],
///   "minors": [{"kind": "component", "major": "01", "code": "01", "name_zh": "上水井盖", "name_en": "Water manhole cover",
///               "filing_condition_zh": "…", "filing_condition_en": "…", "closing_condition_zh": "…", "closing_condition_en": "…",
///               "time_limit": 6, "time_unit": "working_hours", "responsible": "water", "typical_share": 1.2}] }
/// ```
public struct CatalogueFile: Codable, Sendable {
    public struct Major: Codable, Sendable {
        public var kind: CaseKind
        public var code: String
        public var name_zh: String
        public var name_en: String
    }

    public struct Minor: Codable, Sendable {
        public var kind: CaseKind
        public var major: String
        public var code: String
        public var name_zh: String
        public var name_en: String
        public var filing_condition_zh: String
        public var filing_condition_en: String
        public var closing_condition_zh: String
        public var closing_condition_en: String
        public var time_limit: Double
        public var time_unit: TimeLimit.Unit
        public var responsible: String
        public var typical_share: Double
        /// Optional: search words.
        public var keywords: [String]?
        /// Optional: the questions asked of the reporter.
        public var questions: [Question]?
        /// Optional: the kinds of organisation that may claim such a case (`ngo`, `volunteer_team`).
        public var claimable_by: [OrganisationKind]?
    }

    /// A question of a minor class: `{"code": "state", "datatype": "singlevaluelist", "required": true,
    /// "label_zh": "…", "label_en": "…", "choices": [{"key": "missing", "name_zh": "…", "name_en": "…"}]}`.
    public struct Question: Codable, Sendable {
        public var code: String
        public var datatype: CatalogueQuestion.Datatype
        public var required: Bool?
        public var label_zh: String
        public var label_en: String
        public var hint_zh: String?
        public var hint_en: String?
        public var choices: [Choice]?

        public struct Choice: Codable, Sendable {
            public var key: String
            public var name_zh: String
            public var name_en: String
        }

        init(_ q: CatalogueQuestion) {
            code = q.code; datatype = q.datatype; required = q.required; label_zh = q.label.zh; label_en = q.label.en
            hint_zh = q.hint?.zh; hint_en = q.hint?.en
            choices = q.choices.isEmpty ? nil : q.choices.map { Choice(key: $0.key, name_zh: $0.name.zh, name_en: $0.name.en) }
        }

        var question: CatalogueQuestion {
            CatalogueQuestion(code: code, datatype: datatype, required: required ?? false, label: LocalizedText(zh: label_zh, en: label_en),
                              hint: hint_zh.map { LocalizedText(zh: $0, en: hint_en ?? $0) },
                              choices: (choices ?? []).map { .init(key: $0.key, name: LocalizedText(zh: $0.name_zh, en: $0.name_en)) })
        }
    }

    public var version: Int
    public var majors: [Major]
    public var minors: [Minor]

    public init(_ catalogue: Catalogue) {
        version = 1
        majors = catalogue.majors.map { Major(kind: $0.kind, code: $0.code, name_zh: $0.name.zh, name_en: $0.name.en) }
        minors = catalogue.entries.map {
            Minor(kind: $0.code.kind, major: $0.code.major, code: $0.code.minor, name_zh: $0.name.zh, name_en: $0.name.en,
                  filing_condition_zh: $0.filingCondition.zh, filing_condition_en: $0.filingCondition.en,
                  closing_condition_zh: $0.closingCondition.zh, closing_condition_en: $0.closingCondition.en,
                  time_limit: $0.timeLimit.amount, time_unit: $0.timeLimit.unit, responsible: $0.responsible,
                  typical_share: $0.typicalShare, keywords: $0.keywords.isEmpty ? nil : $0.keywords,
                  questions: $0.questions.isEmpty ? nil : $0.questions.map(Question.init),
                  claimable_by: $0.claimableBy.isEmpty ? nil : $0.claimableBy)
        }
    }

    /// The validated catalogue this file describes.
    public func catalogue() throws(DomainError) -> Catalogue {
        guard version == 1 else {
            throw .invalidField("version", zh: "不支持的目录版本 \(version)", en: "Unsupported catalogue version \(version)")
        }
        var entries: [CatalogueEntry] = []
        for (index, minor) in minors.enumerated() {
            guard let code = CategoryCode(kind: minor.kind, major: minor.major, minor: minor.code) else {
                throw .invalidField("minors[\(index)].code", zh: "小类代码无效：\(minor.major)\(minor.code)", en: "Invalid minor class code \(minor.major)\(minor.code)")
            }
            guard !minor.name_zh.isEmpty, !minor.name_en.isEmpty else {
                throw .invalidField("minors[\(index)].name", zh: "\(code) 缺少中文或英文名称", en: "\(code) lacks a Chinese or English name")
            }
            guard minor.typical_share >= 0, minor.typical_share.isFinite else {
                throw .invalidField("minors[\(index)].typical_share", zh: "\(code) 的常见比例不能为负", en: "The typical share of \(code) must not be negative")
            }
            var entry = CatalogueEntry(
                code: code,
                name: LocalizedText(zh: minor.name_zh, en: minor.name_en),
                filingCondition: LocalizedText(zh: minor.filing_condition_zh, en: minor.filing_condition_en),
                closingCondition: LocalizedText(zh: minor.closing_condition_zh, en: minor.closing_condition_en),
                timeLimit: TimeLimit(amount: minor.time_limit, unit: minor.time_unit),
                responsible: minor.responsible,
                typicalShare: minor.typical_share)
            entry.keywords = minor.keywords ?? []
            entry.questions = (minor.questions ?? []).map(\.question)
            entry.claimableBy = minor.claimable_by ?? []
            if let kind = entry.claimableBy.first(where: { $0.disposes || $0 == .centre }) {
                throw .invalidField("minors[\(index)].claimable_by", zh: "\(code)：\(kind.label.zh)不认领案件，由派遣处置",
                                    en: "\(code): a \(kind.rawValue) is dispatched cases; only NGOs and volunteer teams claim")
            }
            for (q, question) in entry.questions.enumerated() {
                try question.validate(in: code, at: "minors[\(index)].questions[\(q)]")
            }
            guard Set(entry.questions.map(\.code)).count == entry.questions.count else {
                throw .invalidField("minors[\(index)].questions", zh: "\(code) 的问题代码重复", en: "\(code) repeats a question code")
            }
            entries.append(entry)
        }
        return try Catalogue(
            majors: majors.map { MajorClass(kind: $0.kind, code: $0.code, name: LocalizedText(zh: $0.name_zh, en: $0.name_en)) },
            entries: entries)
    }

    /// Decodes and validates a catalogue file; a decoding failure names the JSON path.
    public static func decode(json data: Data) throws(DomainError) -> Catalogue {
        let file: CatalogueFile
        do {
            file = try JSONDecoder().decode(CatalogueFile.self, from: data)
        } catch {
            throw DomainError(.invalid, code: "invalid_catalogue", field: JSONErrorPath.path(of: error),
                              zh: "目录文件无法解析：\(JSONErrorPath.explain(error))", en: "The catalogue file cannot be read: \(JSONErrorPath.explain(error))")
        }
        return try file.catalogue()
    }

    /// The file's JSON, pretty-printed with stable key order.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
