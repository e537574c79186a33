/// Whether a new workflow definition may replace the running one (流程替换).
public enum WorkflowReplacement {
    /// Refuses (`conflict`) a definition whose `states` lack one that cases are in (`statesInUse`:
    /// their states and the states merged reports return to).
    public static func check(statesInUse: [String], newStates: Set<CaseState>) throws(DomainError) {
        let missing = statesInUse.filter { !newStates.contains(CaseState(rawValue: $0)) }
        guard missing.isEmpty else {
            throw DomainError(.conflict, code: "states_in_use", field: "states",
                              zh: "仍有案件处于新定义没有的状态：\(missing.joined(separator: "、"))",
                              en: "Cases are in states the new definition lacks: \(missing.joined(separator: ", "))")
        }
    }
}
