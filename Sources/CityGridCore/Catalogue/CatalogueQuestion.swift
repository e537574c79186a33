/// A question a category asks of the reporter (类别补充问题), such as "is the cover missing or
/// broken?" for a manhole cover: Open311's service attribute. Kept in the catalogue with the class.
public struct CatalogueQuestion: Hashable, Codable, Sendable {
    /// The type of the answer, as Open311 names it.
    public enum Datatype: String, Hashable, Codable, Sendable, CaseIterable {
        case string, number, datetime, text, singlevaluelist, multivaluelist

        public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
    }

    /// One allowed answer of a list question.
    public struct Choice: Hashable, Codable, Sendable {
        public var key: String
        public var name: LocalizedText

        public init(key: String, name: LocalizedText) {
            self.key = key
            self.name = name
        }
    }

    /// The question's code: lower-case letters, digits and `_`, up to 40.
    public var code: String
    public var datatype: Datatype
    public var required: Bool
    /// The question as asked.
    public var label: LocalizedText
    /// How to answer (a unit, a format), if anything needs saying.
    public var hint: LocalizedText?
    public var choices: [Choice]

    public init(code: String, datatype: Datatype, required: Bool, label: LocalizedText, hint: LocalizedText? = nil, choices: [Choice] = []) {
        self.code = code
        self.datatype = datatype
        self.required = required
        self.label = label
        self.hint = hint
        self.choices = choices
    }

    static func isValidCode(_ code: String) -> Bool {
        (1...40).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }

    /// Checks one question of `category` (a code, choices exactly for lists, unique keys).
    func validate(in category: CategoryCode, at field: String) throws(DomainError) {
        guard Self.isValidCode(code) else {
            throw .invalidField(field, zh: "\(category) 的问题代码须为小写字母、数字、下划线", en: "A question code of \(category) is lower-case letters, digits and _")
        }
        guard datatype.isList == !choices.isEmpty, Set(choices.map(\.key)).count == choices.count,
              choices.allSatisfy({ !$0.key.isEmpty && !$0.name.zh.isEmpty && !$0.name.en.isEmpty }) else {
            throw .invalidField(field, zh: "\(category) 的问题 \(code)：列表题须有不重复的选项，其他题不能有选项",
                                en: "Question \(code) of \(category): a list question needs distinct choices, others none")
        }
    }

    /// Checks an answer (one value, or several for a multi-value list); the error names `attribute[code]`.
    public func check(_ values: [String]) throws(DomainError) {
        let field = "attribute[\(code)]"
        guard !values.isEmpty else {
            if required { throw .invalidField(field, zh: "缺少必答问题“\(label.zh)”", en: "The question \"\(label.en)\" must be answered") }
            return
        }
        guard datatype == .multivaluelist || values.count == 1 else {
            throw .invalidField(field, zh: "该问题只接受一个答案", en: "\(code) takes one answer")
        }
        for value in values {
            guard value.count <= 1000, !TextRules.hasControlCharacters(value) else {
                throw .invalidField(field, zh: "答案过长或含控制字符", en: "The answer to \(code) is too long or holds control characters")
            }
            switch datatype {
            case .number:
                guard let n = Double(value), n.isFinite else { throw .invalidField(field, zh: "须为数字", en: "\(code) takes a number") }
            case .datetime:
                guard ISOTime.parse(value) != nil else { throw .invalidField(field, zh: "须为 ISO 8601 时间", en: "\(code) takes an ISO 8601 date and time") }
            case .singlevaluelist, .multivaluelist:
                guard choices.contains(where: { $0.key == value }) else {
                    throw .invalidField(field, zh: "不是可选答案：\(value)", en: "\(value) is not a choice of \(code): \(choices.map(\.key).joined(separator: ", "))")
                }
            case .string, .text:
                break
            }
        }
    }
}
