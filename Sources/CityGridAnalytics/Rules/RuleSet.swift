import CityGridCore

/// A set of indicator rules (考核规则): per class of subject, indicators with weights, scoring
/// tables and deductions, and the grade bands. Rule sets are text files a city edits
/// (``RuleSetParser``); three are shipped (``RuleSetPresets``).
public struct RuleSet: Sendable {
    /// The indicators and deductions for one class of subject.
    public struct Section: Sendable {
        /// The classes the section evaluates; empty: whichever class is asked for (`subject any`).
        public var subjects: [SubjectClass]
        public var indicators: [IndicatorRule]
        public var deductions: [DeductionRule]
        public var line: Int
    }

    public var id: String
    public var label: LocalizedText
    /// Grade letters with their lowest composite score, best first; below the last band: the
    /// fallback grade (E).
    public var grades: [(grade: String, minimum: Double)]
    public var fallbackGrade: String
    public var sections: [Section]

    /// The section for `subject`: its own, else the one for any subject.
    public func section(for subject: SubjectClass) -> Section? {
        sections.first { $0.subjects.contains(subject) } ?? sections.first { $0.subjects.isEmpty }
    }

    /// The subject classes this rule set evaluates, in file order.
    public var subjects: [SubjectClass] {
        sections.contains { $0.subjects.isEmpty } ? SubjectClass.allCases : sections.flatMap(\.subjects)
    }

    public func grade(of score: Double) -> String {
        grades.first { score >= $0.minimum }?.grade ?? fallbackGrade
    }

    /// The default grade bands of the reference: A 90, B 75, C 60, D 40, E below.
    public static let standardGrades: [(grade: String, minimum: Double)] = [("A", 90), ("B", 75), ("C", 60), ("D", 40)]
}

/// A rule file that cannot be used: the line and the reason.
public struct RuleSetError: Error, Sendable, CustomStringConvertible {
    public struct Reason: Error, Sendable {
        public var en: String
        public var zh: String
        public init(_ en: String, zh: String) {
            self.en = en
            self.zh = zh
        }
    }

    public var source: String
    public var line: Int
    public var reason: Reason

    public var description: String { "\(source):\(line): \(reason.en)" }

    /// As the domain's error, naming the file and line in the field.
    public var domainError: DomainError {
        DomainError(.invalid, code: "invalid_rules", field: "rules",
                    zh: "规则文件 \(source) 第\(line)行：\(reason.zh)（\(reason.en)）", en: "Rule file \(source), line \(line): \(reason.en)")
    }
}
