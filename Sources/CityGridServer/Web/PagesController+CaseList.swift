import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `GET /app/cases`: every case the caller may read (我可办理的案件), filtered by state and alert as
/// the API's case list is (and refused by field like it), newest first.
extension PagesController {
    @Sendable func caseList(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            // Filters, as the API's case list takes them (and refuses them, by field).
            var query = CaseListRequest()
            query.limit = 50
            let state = RequestInput.query(request, "state")
            let alert = RequestInput.query(request, "alert")
            query.states = state.map { [$0] } ?? []
            query.alert = alert
            let list = try await application.cases(query, for: context.caller)
            let workflow = application.city.workflow
            let states = PageRows.stateOptions(workflow, selected: state, language)
            let alerts: [[String: Any]] = [("warned", WebText.alertWarned), ("escalated", WebText.alertEscalated)].map {
                ["value": $0.0, "label": language.text($0.1), "selected": $0.0 == alert]
            }
            let rows = list.cases.map { PageRows.caseRow($0, language) }
            let values: [String: Any] = [
                "heading": language.text(WebText.myCases), "cases": rows, "empty": rows.isEmpty, "noCases": language.text(WebText.noCases),
                "numberLabel": language.text(WebText.number), "categoryLabel": language.text(WebText.category),
                "stateLabel": language.text(WebText.state), "gridLabel": language.text(WebText.grid),
                "reportedLabel": language.text(WebText.reportedAt),
                "states": states, "alerts": alerts, "any": language.text(WebText.any), "show": language.text(WebText.show),
                "alertLabel": language.text(WebText.alertFilter), "back": language.text(WebText.back),
            ]
            return renderer.page("cases", title: language.text(WebText.myCases), language: language, chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }
}
