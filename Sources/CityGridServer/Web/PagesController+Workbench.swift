import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// `GET /app`: the caller's workbench (工作台), one per role, from the workflow definition: a section
/// per work queue (``CityApplication/workbench(for:near:limit:at:)``) with the cases waiting in it,
/// each with its traffic light, deadline and grid, and the caller's offered actions as inline forms
/// when they are the queue's own and need at most a reason (or a body to dispatch to, or the case to
/// merge into), else a link to the case page. Supervising roles also get the overdue and escalated cases. `?near=lon,lat`
/// sorts by distance. The live queue of new reports and alerts stays on top.
extension PagesController {
    @Sendable func workbench(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let language = PageLanguage.of(request)
            let near = try Self.near(RequestInput.query(request, "near"))
            let bench = try await application.workbench(for: context.caller, near: near)
            let city = application.city
            let workflow = city.workflow
            // Where an inline action comes back to: this page, with its `near` (never the notice).
            let here = near.map { "/app?near=" + String(format: "%.6f,%.6f", $0.lon, $0.lat) } ?? "/app"
            func bodyName(_ code: OrganisationCode) -> String {
                city.organisations.first { $0.code == code }.map { language.text($0.name) } ?? code.rawValue
            }
            func row(_ item: WorkbenchItem, section: String, inline: Set<WorkflowAction>) -> [String: Any] {
                Self.row(item, section: section, inline: inline, language: language, next: here, bodyName: bodyName)
            }
            // Inline: a queue's own actions (those that move its cases on); on the overdue cases, supervising.
            // Any other action offered (a reply, a summons) is a link to the case page.
            let supervising = Set(workflow.actions.values.filter { $0.effects.contains(.countSupervision) }.map(\.name))
            let queues: [[String: Any]] = bench.queues.map { q in
                let rows = q.items.map { row($0, section: q.queue.state.rawValue, inline: Set(q.queue.actions)) }
                return ["state": q.queue.state.rawValue, "label": language.text(q.queue.label), "count": rows.count,
                        "items": rows, "empty": rows.isEmpty]
            }
            var values: [String: Any] = [
                "heading": language.text(WebText.myWorkbench), "hint": language.text(WebText.workbenchHint),
                "queues": queues, "noQueues": queues.isEmpty && bench.overdue == nil, "noQueuesText": language.text(WebText.noQueues),
                "queueEmpty": language.text(WebText.queueEmpty), "casesWord": language.text(WebText.casesWaiting),
                "allCases": language.text(WebText.allMyCases),
                "liveHeading": language.text(WebText.liveHeading), "liveHint": language.text(WebText.liveHint),
                "nearMe": language.text(WebText.nearMe), "nearMeHint": language.text(WebText.nearMeHint),
                "nearMeFailed": language.text(WebText.nearMeFailed), "isNear": near != nil,
                "sortedNear": language.text(WebText.sortedNear), "nearOff": language.text(WebText.nearOff),
                "hasOverdue": bench.overdue != nil, "overdueHeading": language.text(WebText.overdueHeading),
                "overdueHint": language.text(WebText.overdueHint),
                "overdue": (bench.overdue ?? []).map { row($0, section: "overdue", inline: supervising) }, "overdueEmpty": bench.overdue?.isEmpty ?? true,
            ]
            // The pool of tasks the caller's NGO or volunteer team may claim (认领), with a claim form each.
            if application.policy.holds(context.caller, .caseClaim) {
                let csrf = context.sessionToken.map(Session.csrfToken(for:)) ?? ""
                let pool = try await application.claimableTasks(for: context.caller, limit: 50)
                values["hasPool"] = true
                values["poolHeading"] = language.text(WebText.claimPool)
                values["poolHint"] = language.text(WebText.claimPoolHint)
                values["poolEmpty"] = pool.isEmpty
                values["pool"] = pool.map { task -> [String: Any] in
                    ["id": task.id.rawValue, "number": task.number, "category": language.text(task.categoryName),
                     "place": language.text(task.community.name) + " · " + task.grid.rawValue, "csrf": csrf,
                     "claim": language.text(WebText.claimTask)]
                }
            } else {
                values["hasPool"] = false
            }
            // The notice after an inline action (`act` comes back here with `done` and `case`).
            if let done = RequestInput.query(request, "done"), workflow.actions[WorkflowAction(rawValue: done)] != nil,
               let id = RequestInput.query(request, "case").flatMap(Int64.init) {
                values["notice"] = ["text": language.text(WebText.doneNotice) + "：" + language.text(workflow.label(of: WorkflowAction(rawValue: done))),
                                    "href": "/app/cases/\(id)", "view": language.text(WebText.viewCase)]
            }
            return renderer.page("workbench", title: language.text(WebText.workbench), language: language,
                                 chrome: PageChrome.of(request, context, policy: application.policy), values: values)
        }
    }

    /// `near=lon,lat`, or nil when not given; refused by field when it is not a point.
    static func near(_ text: String?) throws -> GeoPoint? {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw DomainError.invalidField("near", zh: WebText.nearInvalid.zh, en: WebText.nearInvalid.en)
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// One case of a queue: every flag its template sections use is set, true or false (Mustache would
    /// otherwise find a missing key in an enclosing context).
    static func row(_ item: WorkbenchItem, section: String, inline: Set<WorkflowAction>, language: PageLanguage, next: String,
                    bodyName: (OrganisationCode) -> String) -> [String: Any] {
        let c = item.view.value
        let key = "\(section)-\(c.id.rawValue)"
        var forms: [[String: Any]] = []
        var links: [[String: Any]] = []
        for offer in item.view.offers ?? [] {
            let id = "\(key)-\(offer.action.rawValue)"
            var form: [String: Any] = ["action": offer.action.rawValue, "label": language.text(offer.label), "version": c.version,
                                       "next": next, "caseID": c.id.rawValue, "key": key,
                                       "hasNote": false, "hasBodies": false, "hasParent": false, "noteID": "\(id)-note",
                                       "bodiesID": "\(id)-body", "parentID": "\(id)-parent", "bodies": [Any](), "parent": ""]
            if !inline.contains(offer.action) {
                links.append(["label": language.text(offer.label), "href": "/app/cases/\(c.id.rawValue)"])
                continue
            } else if offer.needs.isEmpty, offer.bodies.isEmpty {
                // Nothing to give: one click.
            } else if offer.needs == [.note], offer.bodies.isEmpty {
                form["hasNote"] = true
                form["noteLabel"] = language.text(WebText.reason)
            } else if offer.needs.isEmpty, let proposal = offer.bodies.first {
                // A dispatch: routing's proposal first and chosen, any other body selectable.
                form["hasBodies"] = true
                form["bodiesLabel"] = language.text(WebText.dispatchTo)
                form["bodies"] = offer.bodies.enumerated().map { ["value": $1.rawValue, "label": bodyName($1), "selected": $0 == 0] }
                form["proposal"] = language.text(WebText.proposal) + "：" + bodyName(proposal)
            } else if offer.needs == [.parentCase], offer.bodies.isEmpty, let parent = c.likelyDuplicateOf {
                form["hasParent"] = true
                form["parentLabel"] = language.text(WebText.mergeInto)
                form["parent"] = "\(parent.rawValue)"
            } else {
                // Photos, hours, bodies to summon, a rating: the case page has the form.
                links.append(["label": language.text(offer.label), "href": "/app/cases/\(c.id.rawValue)"])
                continue
            }
            forms.append(form)
        }
        var values: [String: Any] = [
            "id": c.id.rawValue, "key": key, "number": c.number, "category": item.view.categoryName.map(language.text) ?? c.category.rawValue,
            "state": language.text(item.view.stateLabel),
            "alert": PageAlert.word(c.alertLevel, language), "alertClass": PageAlert.cssClass(c.alertLevel),
            "deadline": (c.stageDeadlineAt ?? c.deadlineAt).map(PageTime.minute) ?? "—", "deadlineLabel": language.text(WebText.due),
            "grid": c.chain.grid.rawValue, "gridLabel": language.text(WebText.grid), "description": c.description,
            "hasDescription": !c.description.isEmpty,
            "forms": forms, "links": links, "hasLinks": !links.isEmpty, "moreLabel": language.text(WebText.moreOnCasePage),
            "openLabel": language.text(WebText.openTheCase),
            "hasDistance": item.distanceMetres != nil, "distanceLabel": language.text(WebText.distance),
            "distance": item.distanceMetres.map(Self.distanceText) ?? "",
            "hasHours": c.pendingExtensionSeconds != nil, "hoursLabel": language.text(WebText.requestedHours),
            "hours": c.pendingExtensionSeconds.map { Self.hoursText(Double($0) / 3600) } ?? "",
            "hasDuplicate": item.likelyDuplicate != nil, "pair": false,
        ]
        if let parent = item.likelyDuplicate {
            func side(_ view: CaseView, photo: String?, heading: LocalizedText) -> [String: Any] {
                let v = view.value
                return ["heading": language.text(heading), "id": v.id.rawValue, "number": v.number,
                        "category": view.categoryName.map(language.text) ?? v.category.rawValue, "state": language.text(view.stateLabel),
                        "description": v.description.isEmpty ? "—" : v.description,
                        "place": "\(v.chain.grid.rawValue) · " + String(format: "%.5f, %.5f", v.location.lon, v.location.lat),
                        "hasPhoto": photo != nil, "photo": photo ?? "", "photoAlt": language.text(WebText.reportPhoto) + " " + v.number,
                        "noPhoto": language.text(WebText.noPhoto)]
            }
            values["pair"] = [
                "heading": language.text(WebText.likelyDuplicate),
                "sides": [side(item.view, photo: item.photo, heading: WebText.thisReport),
                          side(parent, photo: item.duplicatePhoto, heading: WebText.openCase)],
                "categoryLabel": language.text(WebText.category), "descriptionLabel": language.text(WebText.description),
                "placeLabel": language.text(WebText.place), "stateLabel": language.text(WebText.state),
            ]
        }
        return values
    }

    static func distanceText(_ metres: Double) -> String {
        metres < 1000 ? "\(Int(metres.rounded())) m" : String(format: "%.1f km", metres / 1000)
    }

    static func hoursText(_ hours: Double) -> String {
        hours == hours.rounded() ? "\(Int(hours))" : String(format: "%.1f", hours)
    }
}

extension PagesController {
    /// `POST /app/claims/{id}` (a form with its CSRF token): claims the task for the caller's
    /// organisation, then opens its case page, where it is disposed of with a photo.
    @Sendable func claimTask(_ request: Request, context: CityRequestContext) async throws -> Response {
        try await renderer.orRefusal(request, context, policy: application.policy) {
            let id = try RequestInput.caseID(context)
            _ = try await application.claim(id, by: context.caller)
            return WebSession.redirect(to: "/app/cases/\(id.rawValue)")
        }
    }
}
