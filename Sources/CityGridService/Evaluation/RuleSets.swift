import CityGridAnalytics
import CityGridCore
import Foundation

/// Finds a rule set by a preset's name (`standard`, `three-rates`, `basic`) or a file's path, and
/// parses it against the city's workflow: a bad file is refused with its line and reason.
public enum RuleSets {
    public static func load(_ nameOrPath: String, workflow: WorkflowDefinition) throws(DomainError) -> RuleSet {
        let text: String, source: String
        if let preset = RuleSetPresets.text(nameOrPath) {
            (text, source) = (preset, nameOrPath)
        } else {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw DomainError(.invalid, code: "unknown_rules", field: "rules",
                                  zh: "没有名为 \(nameOrPath) 的预置规则集或文件；预置：\(RuleSetPresets.names.joined(separator: "、"))",
                                  en: "No preset or file \(nameOrPath); the presets are \(RuleSetPresets.names.joined(separator: ", "))")
            }
            guard let data = FileManager.default.contents(atPath: nameOrPath), let decoded = String(data: data, encoding: .utf8) else {
                throw DomainError(.invalid, code: "unreadable_rules", field: "rules", zh: "无法以 UTF-8 读取 \(nameOrPath)", en: "Cannot read \(nameOrPath) as UTF-8")
            }
            (text, source) = (decoded, nameOrPath)
        }
        return try parse(text, source: source, workflow: workflow)
    }

    public static func parse(_ text: String, source: String, workflow: WorkflowDefinition) throws(DomainError) -> RuleSet {
        do {
            return try RuleSetParser(stages: Array(workflow.stageNames.prefix(FactFlags.maxStages))).parse(text, source: source)
        } catch {
            throw error.domainError
        }
    }
}
