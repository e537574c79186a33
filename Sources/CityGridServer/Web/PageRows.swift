import CityGridApplication
import CityGridCore

/// Values several pages fill their templates with (页面公用行): a case's row in a list, and the
/// workflow's states as a select's options.
enum PageRows {
    /// A case as a list row: number, category, state, light (colour and word), grid and report time.
    static func caseRow(_ view: CaseView, _ language: PageLanguage) -> [String: Any] {
        let c = view.value
        return ["id": c.id.rawValue, "number": c.number, "category": view.categoryName.map(language.text) ?? c.category.rawValue,
                "state": language.text(view.stateLabel), "alert": PageAlert.word(c.alertLevel, language), "alertClass": PageAlert.cssClass(c.alertLevel),
                "grid": c.chain.grid.rawValue, "reported": PageTime.minute(c.reportedAt)]
    }

    /// The workflow's states by name, labelled, `selected` marked.
    static func stateOptions(_ workflow: WorkflowDefinition, selected: String?, _ language: PageLanguage) -> [[String: Any]] {
        workflow.states.keys.sorted { $0.rawValue < $1.rawValue }.map {
            ["value": $0.rawValue, "label": language.text(workflow.label(of: $0)), "selected": $0.rawValue == selected]
        }
    }
}
