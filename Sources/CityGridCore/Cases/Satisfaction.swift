/// The reporter's satisfaction at the return visit (回访满意度), as the 12345 "three rates" count it.
public enum Satisfaction: String, Codable, Sendable, CaseIterable {
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    case dissatisfied

    public var label: LocalizedText {
        switch self {
        case .satisfied: LocalizedText(zh: "满意", en: "Satisfied")
        case .basicallySatisfied: LocalizedText(zh: "基本满意", en: "Basically satisfied")
        case .dissatisfied: LocalizedText(zh: "不满意", en: "Dissatisfied")
        }
    }

    /// The weight in the satisfaction rate: 1, 0.9 and 0.
    public var score: Double {
        switch self {
        case .satisfied: 1
        case .basicallySatisfied: 0.9
        case .dissatisfied: 0
        }
    }
}
